//! Reads the header, lets the caller refuse or plan from the size, then decodes the pixels.
//!
//! The size check happens between the two steps, so a decompression bomb is refused before any
//! pixel buffer exists. JPEG goes through `jpeg.rs`, which can decode at 1/2, 1/4 or 1/8 scale;
//! PNG and WebP go through the `image` crate at full size.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use crate::{ImageRefused, Size, SourceFormat, jpeg};

/// The most the decoders may allocate: a 50-megapixel image at 16 bits per RGBA channel.
pub(crate) const MAX_DECODER_ALLOC: u64 = 50_000_000 * 8;

/// Decoded 8-bit pixels, grey or RGB, with any transparency already laid over white.
#[derive(Debug)]
pub(crate) struct Pixels {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) channels: Channels,
    pub(crate) data: Vec<u8>,
}

/// The layout of [`Pixels::data`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Channels {
    Gray,
    Rgb,
}

impl Channels {
    pub(crate) fn count(self) -> usize {
        match self {
            Channels::Gray => 1,
            Channels::Rgb => 3,
        }
    }
}

/// What the caller wants once it has seen the stored size: the largest factor (1, 2, 4 or 8) by
/// which the decoder may shrink the image. Only JPEG can use it; other formats decode at 1.
pub(crate) type Plan = Result<u32, ImageRefused>;

/// Decodes `bytes` of `format`, asking `plan` first with the stored size from the header.
/// Returns the stored full size and the (possibly reduced) pixels.
pub(crate) fn decode(
    bytes: &[u8],
    format: SourceFormat,
    plan: impl FnOnce(Size) -> Plan,
) -> Result<(Size, Pixels), ImageRefused> {
    match format {
        SourceFormat::Jpeg => jpeg::decode(bytes, plan),
        SourceFormat::Png => decode_with_image(bytes, ImageFormat::Png, plan),
        SourceFormat::Webp if riff_cut_short(bytes) => Err(ImageRefused::Truncated),
        SourceFormat::Webp => decode_with_image(bytes, ImageFormat::WebP, plan),
    }
}

/// Whether a RIFF file (WebP) is shorter than its header says. The WebP decoder reports a cut
/// file as a corrupt bitstream, so the length is checked first.
fn riff_cut_short(bytes: &[u8]) -> bool {
    let Some(&[a, b, c, d]) = bytes.get(4..8) else {
        return true;
    };
    let declared = u64::from(u32::from_le_bytes([a, b, c, d])) + 8;
    (bytes.len() as u64) < declared
}

/// Decodes through the `image` crate at full size (PNG, WebP, and JPEGs `jpeg.rs` hands over).
pub(crate) fn decode_with_image(
    bytes: &[u8],
    format: ImageFormat,
    plan: impl FnOnce(Size) -> Plan,
) -> Result<(Size, Pixels), ImageRefused> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODER_ALLOC);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(refusal)?;
    let (width, height) = decoder.dimensions();
    let size = Size { width, height };
    plan(size)?;
    let image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    Ok((size, flatten(image)))
}

/// Turns any decoded image into 8-bit grey or RGB, laying transparent pixels over white.
fn flatten(image: DynamicImage) -> Pixels {
    let (width, height) = (image.width(), image.height());
    let (channels, data) = match image {
        DynamicImage::ImageLuma8(buffer) => (Channels::Gray, buffer.into_raw()),
        DynamicImage::ImageRgb8(buffer) => (Channels::Rgb, buffer.into_raw()),
        DynamicImage::ImageLumaA8(buffer) => (Channels::Gray, over_white(buffer.into_raw(), 1)),
        DynamicImage::ImageRgba8(buffer) => (Channels::Rgb, over_white(buffer.into_raw(), 3)),
        other if other.color().has_alpha() => {
            (Channels::Rgb, over_white(other.into_rgba8().into_raw(), 3))
        }
        other if other.color().has_color() => (Channels::Rgb, other.into_rgb8().into_raw()),
        other => (Channels::Gray, other.into_luma8().into_raw()),
    };
    Pixels {
        width,
        height,
        channels,
        data,
    }
}

/// Composites pixels of `colours` channels plus alpha over white, in place, dropping alpha.
pub(crate) fn over_white(mut data: Vec<u8>, colours: usize) -> Vec<u8> {
    let stride = colours + 1;
    let pixels = data.len() / stride;
    for i in 0..pixels {
        let alpha = u32::from(data[i * stride + colours]);
        for c in 0..colours {
            let value = u32::from(data[i * stride + c]);
            // value·α + 255·(1 − α), rounded; at most 255.
            let blended = (value * alpha + 255 * (255 - alpha) + 127) / 255;
            data[i * colours + c] = u8::try_from(blended).unwrap_or(u8::MAX);
        }
    }
    data.truncate(pixels * colours);
    data
}

/// Words an `image` crate error as a refusal: running out of data is truncation (PNG reports
/// it so), anything else a decoding failure.
fn refusal(error: ImageError) -> ImageRefused {
    match error {
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            ImageRefused::Truncated
        }
        other => ImageRefused::Decode {
            detail: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transparency_is_laid_over_white() {
        let rgba = vec![
            10, 20, 30, 255, // opaque: unchanged
            10, 20, 30, 0, // transparent: white
            0, 0, 0, 128, // half black: mid grey
        ];
        assert_eq!(
            over_white(rgba, 3),
            vec![10, 20, 30, 255, 255, 255, 127, 127, 127]
        );
        assert_eq!(over_white(vec![0, 0, 200, 255], 1), vec![255, 200]);
    }
}
