//! Encodes the result as baseline JPEG at the highest quality that fits the size limit.
//!
//! `image`'s encoder writes SOI, a JFIF APP0, tables, the frame and EOI: no EXIF, XMP, ICC or
//! comment unless asked, so nothing of the source's metadata (GPS, camera, time) survives.

use image::ExtendedColorType;
use image::codecs::jpeg::JpegEncoder;

use crate::{ImageRefused, Rgb};

/// The quality tried first: above it files grow fast for no visible gain.
pub const BEST_QUALITY: u8 = 92;
/// The lowest quality searched before giving up.
const WORST_QUALITY: u8 = 10;
/// The thumbnail's quality; it has no size limit but should stay small.
const THUMBNAIL_QUALITY: u8 = 82;

/// Encodes at [`BEST_QUALITY`] or, if that is over `max_bytes`, at the highest lower quality that
/// fits (binary search: file size grows with quality). Returns the bytes and the quality used.
pub(crate) fn jpeg_within(image: &Rgb, max_bytes: usize) -> Result<(Vec<u8>, u8), ImageRefused> {
    let best = jpeg(image, BEST_QUALITY)?;
    if best.len() <= max_bytes {
        return Ok((best, BEST_QUALITY));
    }
    let mut fitting = None;
    let (mut low, mut high) = (WORST_QUALITY, BEST_QUALITY - 1);
    let mut smallest = best.len();
    while low <= high {
        let quality = low + (high - low) / 2;
        let bytes = jpeg(image, quality)?;
        smallest = smallest.min(bytes.len());
        if bytes.len() <= max_bytes {
            fitting = Some((bytes, quality));
            low = quality + 1;
        } else if quality == WORST_QUALITY {
            break;
        } else {
            high = quality - 1;
        }
    }
    fitting.ok_or(ImageRefused::OutputTooLarge { bytes: smallest })
}

/// Encodes the list thumbnail.
pub(crate) fn thumbnail(image: &Rgb) -> Result<Vec<u8>, ImageRefused> {
    jpeg(image, THUMBNAIL_QUALITY)
}

fn jpeg(image: &Rgb, quality: u8) -> Result<Vec<u8>, ImageRefused> {
    let mut out = Vec::with_capacity(image.data.len() / 4);
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode(
            &image.data,
            image.width,
            image.height,
            ExtendedColorType::Rgb8,
        )
        .map_err(|error| ImageRefused::Decode {
            detail: format!("encode: {error}"),
        })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 750×445 image of hard-to-compress noise.
    fn noise() -> Rgb {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let data = (0..750 * 445 * 3)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        Rgb {
            width: 750,
            height: 445,
            data,
        }
    }

    #[test]
    fn the_highest_quality_under_the_limit_is_chosen() {
        let image = noise();
        let (best, _) = jpeg_within(&image, usize::MAX).unwrap();
        let limit = best.len() / 2;
        let (bytes, quality) = jpeg_within(&image, limit).unwrap();
        assert!(bytes.len() <= limit);
        assert!(quality < BEST_QUALITY);
        let one_better = jpeg(&image, quality + 1).unwrap();
        assert!(
            one_better.len() > limit,
            "quality {} would also fit",
            quality + 1
        );
    }

    #[test]
    fn an_impossible_limit_is_reported_not_ignored() {
        let refused = jpeg_within(&noise(), 1_000).unwrap_err();
        assert!(matches!(refused, ImageRefused::OutputTooLarge { bytes } if bytes > 1_000));
    }
}
