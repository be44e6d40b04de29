//! Why an upload was refused. The web layer words each reason in Chinese for the user.

use thiserror::Error;

/// An upload the pipeline will not turn into an article image, with what the user needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImageRefused {
    /// The upload is larger than [`crate::MAX_UPLOAD_BYTES`]; nothing was read.
    #[error("the upload is {bytes} bytes, over the limit of {max}")]
    TooLarge { bytes: usize, max: usize },

    /// The header declares more than [`crate::MAX_SOURCE_PIXELS`] pixels (a photo that large, or a
    /// decompression bomb); refused from the header, before any pixel is decoded or allocated.
    #[error("the image declares {width}×{height} pixels, over the limit of {max_pixels}")]
    TooManyPixels {
        width: u32,
        height: u32,
        max_pixels: u64,
    },

    /// The content carries no image signature: a script, a document, text, random bytes.
    #[error("the upload is not an image")]
    NotAnImage,

    /// A recognised image format that is not accepted (only JPEG, PNG and WebP are).
    #[error("{format} images are not accepted")]
    UnsupportedFormat { format: &'static str },

    /// The image data ends before the image does (an interrupted upload or copy).
    #[error("the image is truncated")]
    Truncated,

    /// Smaller than 750×445 once upright: it could only be enlarged, which would not be clear.
    #[error("the image is {width}×{height}, smaller than the required size")]
    TooSmall { width: u32, height: u32 },

    /// The image data is damaged, or uses a codec feature the decoder lacks (for example an
    /// arithmetic-coded or lossless JPEG). `detail` is for logs, not for users.
    #[error("the image cannot be decoded: {detail}")]
    Decode { detail: String },

    /// No JPEG quality brings the result under [`crate::MAX_OUTPUT_BYTES`]. Not expected at
    /// 750×445; kept so the limit is enforced rather than assumed.
    #[error("the processed image is still {bytes} bytes at the lowest quality")]
    OutputTooLarge { bytes: usize },
}
