//! The photo journalists are given (宣推, issue 16 §3): the whole picture the post uploaded, upright,
//! its longest side at most [`PRESS_LONGEST_SIDE`] (never enlarged), as a JPEG with no metadata.
//! Never the original file itself: a phone's photo carries where and when it was taken.

use crate::decode::{self, Pixels};
use crate::{ImageRefused, Size, admit, check_pixels, encode, resize};

/// The press photo's longest side at most, in pixels: print quality for a half page.
pub const PRESS_LONGEST_SIDE: u32 = 1920;
/// The press photo's size limit: 4 MiB (quality is lowered until it fits).
pub const MAX_PRESS_BYTES: usize = 4 * 1024 * 1024;

/// A press photo, ready to hand out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PressPhoto {
    /// Baseline JPEG without EXIF, XMP, ICC or comments.
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The press photo made from an upload (the original an article's image was made from).
pub fn press_photo(bytes: &[u8]) -> Result<PressPhoto, ImageRefused> {
    let (format, orientation) = admit(bytes)?;
    let mut planned = None;
    let (_, pixels) = decode::decode(bytes, format, |stored| {
        check_pixels(stored)?;
        let target = within_longest_side(stored);
        planned = Some(target);
        Ok(reduction(stored, target))
    })?;
    let Some(target) = planned else {
        return Err(ImageRefused::Decode {
            detail: "the decoder skipped the size check".into(),
        });
    };
    let whole = whole_of(&pixels);
    let resized = resize::crop_resize(&pixels, whole, target.width, target.height)?;
    drop(pixels);
    let image = orientation.make_upright(resized);
    let (jpeg, _quality) = encode::jpeg_within(&image, MAX_PRESS_BYTES)?;
    Ok(PressPhoto {
        jpeg,
        width: image.width,
        height: image.height,
    })
}

/// `size` scaled down so that its longest side is at most [`PRESS_LONGEST_SIDE`], keeping its
/// proportions (orientation does not matter: it only swaps the sides).
fn within_longest_side(size: Size) -> Size {
    let longest = size.width.max(size.height);
    if longest <= PRESS_LONGEST_SIDE {
        return size;
    }
    let scale = f64::from(PRESS_LONGEST_SIDE) / f64::from(longest);
    let side = |n: u32| ((f64::from(n) * scale).round() as u32).max(1);
    Size {
        width: side(size.width),
        height: side(size.height),
    }
}

/// The largest decoder reduction that still leaves at least `target`, so the resize only shrinks.
fn reduction(stored: Size, target: Size) -> u32 {
    [8, 4, 2]
        .into_iter()
        .find(|&f| stored.width / f >= target.width && stored.height / f >= target.height)
        .unwrap_or(1)
}

fn whole_of(pixels: &Pixels) -> (f64, f64, f64, f64) {
    (0.0, 0.0, f64::from(pixels.width), f64::from(pixels.height))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{Scene, demo_photo};

    #[test]
    fn the_longest_side_is_brought_to_1920_keeping_proportions() {
        let size = |width, height| Size { width, height };
        assert_eq!(within_longest_side(size(4000, 3000)), size(1920, 1440));
        assert_eq!(within_longest_side(size(3000, 4000)), size(1440, 1920));
        assert_eq!(
            within_longest_side(size(1600, 900)),
            size(1600, 900),
            "never enlarged"
        );
        assert_eq!(reduction(size(8000, 6000), size(1920, 1440)), 4);
        assert_eq!(reduction(size(2000, 1500), size(1920, 1440)), 1);
    }

    /// `jpeg` with an APP1 EXIF segment carrying `secret` right after its SOI marker.
    fn with_exif(jpeg: &[u8], secret: &[u8]) -> Vec<u8> {
        let mut payload = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
        payload.extend_from_slice(secret);
        let length = u16::try_from(payload.len() + 2).expect("a short segment");
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&length.to_be_bytes());
        out.extend_from_slice(&payload);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    #[test]
    fn a_photo_loses_its_metadata() {
        let png = demo_photo(Scene::Building, 1);
        let mut jpeg = Vec::new();
        image::load_from_memory(&png)
            .expect("the demo photo")
            .write_to(
                &mut std::io::Cursor::new(&mut jpeg),
                image::ImageFormat::Jpeg,
            )
            .expect("as a JPEG");
        let photo = with_exif(&jpeg, b"GPS 29.56N 106.55E");
        assert!(
            photo.windows(3).any(|w| w == b"GPS"),
            "the test photo carries it"
        );
        let press = press_photo(&photo).expect("a press photo");
        assert_eq!(&press.jpeg[..2], &[0xFF, 0xD8], "a JPEG");
        assert!(!press.jpeg.windows(6).any(|w| w == b"Exif\0\0"), "no EXIF");
        assert!(!press.jpeg.windows(3).any(|w| w == b"GPS"), "no GPS");
        assert_eq!(
            (press.width, press.height),
            (1000, 594),
            "small enough already"
        );
    }

    #[test]
    fn a_large_photo_is_brought_to_1920_on_its_longest_side() {
        let big = image::RgbImage::from_fn(2400, 3200, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut png = Vec::new();
        big.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("a PNG");
        let press = press_photo(&png).expect("a press photo");
        assert_eq!((press.width, press.height), (1440, 1920));
        let decoded = image::load_from_memory(&press.jpeg).expect("decodes");
        assert_eq!((decoded.width(), decoded.height()), (1440, 1920));
        assert!(press.jpeg.len() <= MAX_PRESS_BYTES);
    }

    #[test]
    fn what_is_not_a_picture_is_refused() {
        assert!(press_photo(b"not a picture at all").is_err());
    }
}
