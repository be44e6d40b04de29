//! Turns an uploaded photo into an article image (SPEC §2 “Images”): the type from the content,
//! a decompression-bomb check from the header, EXIF orientation, the user's 750:445 crop (centred
//! by default), a Lanczos3 resize to exactly 750×445, a JPEG at the highest quality under 1 MiB
//! with no metadata, a blur warning, a 300×178 list thumbnail and a content-addressed name.
//!
//! Pure and synchronous: no web, database or async runtime. It takes tens of milliseconds of CPU
//! per photo, so an async caller should run it on a blocking thread. Keeping the original upload
//! for the reviewers' audit is the caller's job.

mod blur;
mod crop;
mod decode;
mod detect;
mod encode;
mod error;
mod exif_block;
mod ifd0;
mod jpeg;
mod orient;
mod press;
mod resize;
pub mod synthetic;

use blake2::{Blake2b512, Digest};

pub use blur::BLUR_THRESHOLD;
pub use crop::{CropChoice, CropWindow};
pub use detect::{SourceFormat, detect};
pub use encode::BEST_QUALITY;
pub use error::ImageRefused;
pub use press::{MAX_PRESS_BYTES, PRESS_LONGEST_SIDE, PressPhoto, press_photo};

use orient::Orientation;

/// The article image's width in pixels.
pub const OUTPUT_WIDTH: u32 = 750;
/// The article image's height in pixels.
pub const OUTPUT_HEIGHT: u32 = 445;
/// The list thumbnail's width: 0.4 × 750.
pub const THUMBNAIL_WIDTH: u32 = 300;
/// The list thumbnail's height: 0.4 × 445.
pub const THUMBNAIL_HEIGHT: u32 = 178;
/// The largest upload accepted: 20 MiB.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;
/// The most pixels a source may declare: 50 megapixels.
pub const MAX_SOURCE_PIXELS: u64 = 50_000_000;
/// The article image's size limit: 1 MiB.
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;

/// The article image made from an upload, ready to store and serve.
#[derive(Debug, Clone, PartialEq)]
pub struct Processed {
    /// The article image: baseline JPEG, [`OUTPUT_WIDTH`]×[`OUTPUT_HEIGHT`], at most
    /// [`MAX_OUTPUT_BYTES`], without EXIF or any other metadata.
    pub jpeg: Vec<u8>,
    /// The list thumbnail: JPEG, [`THUMBNAIL_WIDTH`]×[`THUMBNAIL_HEIGHT`], no metadata.
    pub thumbnail: Vec<u8>,
    /// Always [`OUTPUT_WIDTH`].
    pub width: u32,
    /// Always [`OUTPUT_HEIGHT`].
    pub height: u32,
    /// The JPEG quality used: [`BEST_QUALITY`] unless that was over the size limit.
    pub quality: u8,
    /// 32 lowercase hex digits naming `jpeg` by content (BLAKE2b-512, first 128 bits): the same
    /// image always gets the same name, so storing it twice stores it once.
    pub content_name: String,
    /// The variance of the Laplacian of the result's luma; lower is blurrier.
    pub blur_score: f64,
    /// Whether `blur_score` is under [`BLUR_THRESHOLD`]: warn the user, do not refuse.
    pub blurry: bool,
    /// The format the content turned out to be, whatever the file was called.
    pub source_format: SourceFormat,
    /// The source's width as shown upright (after EXIF orientation).
    pub source_width: u32,
    /// The source's height as shown upright (after EXIF orientation).
    pub source_height: u32,
    /// The part of the upright source that became the image, in upright source pixels.
    pub crop: CropWindow,
}

/// Processes an upload into the article image, or says why not.
///
/// `crop` places the 750:445 window (see [`CropChoice`]); `None` centres it. Nothing is trusted
/// but the bytes: no file name, no declared type.
pub fn process(bytes: &[u8], crop: Option<CropChoice>) -> Result<Processed, ImageRefused> {
    let (source_format, orientation) = admit(bytes)?;

    let mut planned = None;
    let (stored, pixels) = decode::decode(bytes, source_format, |stored| {
        let upright = check_size(stored, orientation)?;
        let window = CropWindow::choose(upright, crop);
        planned = Some((upright, window));
        Ok(reduction(window))
    })?;
    let Some((upright, window)) = planned else {
        return Err(ImageRefused::Decode {
            detail: "the decoder skipped the size check".into(),
        });
    };

    // The window on the stored pixels, in the decoded (possibly reduced) buffer's coordinates.
    let rect = (
        f64::from(window.x),
        f64::from(window.y),
        f64::from(window.width),
        f64::from(window.height),
    );
    let rect = orientation.rect_to_stored(rect, stored);
    let factor = (f64::from(stored.width) / f64::from(pixels.width))
        .round()
        .max(1.0);
    let rect = fit(
        (
            rect.0 / factor,
            rect.1 / factor,
            rect.2 / factor,
            rect.3 / factor,
        ),
        &pixels,
    );
    let (width, height) = if orientation.swaps_axes() {
        (OUTPUT_HEIGHT, OUTPUT_WIDTH)
    } else {
        (OUTPUT_WIDTH, OUTPUT_HEIGHT)
    };
    let resized = resize::crop_resize(&pixels, rect, width, height)?;
    drop(pixels);
    let image = orientation.make_upright(resized);

    let blur_score = blur::laplacian_variance(&image);
    let (jpeg, quality) = encode::jpeg_within(&image, MAX_OUTPUT_BYTES)?;
    let thumbnail = encode::thumbnail(&resize::shrink(&image, THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT)?)?;
    Ok(Processed {
        content_name: content_name(&jpeg),
        jpeg,
        thumbnail,
        width: OUTPUT_WIDTH,
        height: OUTPUT_HEIGHT,
        quality,
        blur_score,
        blurry: blur_score < BLUR_THRESHOLD,
        source_format,
        source_width: upright.width,
        source_height: upright.height,
        crop: window,
    })
}

/// The name an image is stored under: the first 32 hex digits of its BLAKE2b-512 hash.
pub fn content_name(bytes: &[u8]) -> String {
    hex_name(&Blake2b512::digest(bytes))
}

/// `content_name` of what a reader yields, read in small pieces (a file of any size).
pub fn content_name_of(mut reader: impl std::io::Read) -> std::io::Result<String> {
    let mut hasher = Blake2b512::new();
    let mut buffer = [0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex_name(&hasher.finalize()))
}

fn hex_name(digest: &[u8]) -> String {
    digest
        .iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// What every upload passes before anything is decoded: its size, and its type read from its
/// content; then how it is to be turned upright.
fn admit(bytes: &[u8]) -> Result<(SourceFormat, Orientation), ImageRefused> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(ImageRefused::TooLarge {
            bytes: bytes.len(),
            max: MAX_UPLOAD_BYTES,
        });
    }
    let format = detect(bytes)?;
    Ok((format, Orientation::read(bytes, format)))
}

/// Refuses a declared size of too many pixels (a decompression bomb), read from the header.
fn check_pixels(stored: Size) -> Result<(), ImageRefused> {
    if u64::from(stored.width) * u64::from(stored.height) > MAX_SOURCE_PIXELS {
        return Err(ImageRefused::TooManyPixels {
            width: stored.width,
            height: stored.height,
            max_pixels: MAX_SOURCE_PIXELS,
        });
    }
    Ok(())
}

/// Refuses a declared size that is too many pixels or, upright, too small; else the upright size.
fn check_size(stored: Size, orientation: Orientation) -> Result<Size, ImageRefused> {
    check_pixels(stored)?;
    let upright = orientation.upright(stored);
    if upright.width < OUTPUT_WIDTH || upright.height < OUTPUT_HEIGHT {
        return Err(ImageRefused::TooSmall {
            width: upright.width,
            height: upright.height,
        });
    }
    Ok(upright)
}

/// The largest decoder reduction (8, 4, 2 or 1) that still leaves the window at least 750×445,
/// so the resize only ever shrinks.
fn reduction(window: CropWindow) -> u32 {
    [8, 4, 2]
        .into_iter()
        .find(|&factor| {
            window.width >= factor * OUTPUT_WIDTH && window.height >= factor * OUTPUT_HEIGHT
        })
        .unwrap_or(1)
}

/// Keeps a rectangle inside the decoded pixels (the reduced decode rounds its size up).
fn fit(rect: (f64, f64, f64, f64), pixels: &decode::Pixels) -> (f64, f64, f64, f64) {
    let (w, h) = (f64::from(pixels.width), f64::from(pixels.height));
    let left = rect.0.clamp(0.0, w - 1.0);
    let top = rect.1.clamp(0.0, h - 1.0);
    (left, top, rect.2.min(w - left), rect.3.min(h - top))
}

/// A width and height in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Size {
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// An 8-bit RGB image, rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rgb {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) data: Vec<u8>,
}
