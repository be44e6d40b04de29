//! EXIF orientation: reading the tag, mapping the crop window back to the stored pixels, and
//! turning the small result upright.
//!
//! The crop window is chosen on the upright image (what the user sees), but the decoder delivers
//! pixels as stored. Rather than rotate a 12-megapixel buffer, the window is mapped to stored
//! coordinates, cropped and resized there, and only the 750×445 result is rotated or flipped.

use crate::{Rgb, Size, SourceFormat, exif_block, ifd0};

/// The eight EXIF orientations: how to turn the stored pixels to show them upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Orientation {
    /// 1: stored upright.
    #[default]
    Normal,
    /// 2: mirrored left to right.
    FlipHorizontal,
    /// 3: upside down.
    Rotate180,
    /// 4: mirrored top to bottom.
    FlipVertical,
    /// 5: mirrored along the top-left to bottom-right diagonal.
    Transpose,
    /// 6: turn 90° clockwise to show (a phone held upright, camera on the left).
    Rotate90,
    /// 7: mirrored along the other diagonal.
    Transverse,
    /// 8: turn 90° anticlockwise to show.
    Rotate270,
}

impl Orientation {
    /// The orientation an EXIF tag value asks for; unknown values mean upright.
    pub(crate) fn from_exif(value: u32) -> Self {
        match value {
            2 => Self::FlipHorizontal,
            3 => Self::Rotate180,
            4 => Self::FlipVertical,
            5 => Self::Transpose,
            6 => Self::Rotate90,
            7 => Self::Transverse,
            8 => Self::Rotate270,
            _ => Self::Normal,
        }
    }

    /// Reads the orientation from the EXIF block of a JPEG (APP1), PNG (`eXIf`) or WebP (`EXIF`).
    ///
    /// The full EXIF parser is tried first; when it rejects the block (phones write GPS and
    /// maker-note IFDs it finds malformed), the tag is read straight from IFD0, as browsers do.
    /// No EXIF, or no readable tag, means upright: a broken tag is no reason to refuse.
    pub(crate) fn read(bytes: &[u8], format: SourceFormat) -> Self {
        let Some(tiff) = exif_block::tiff_block(bytes, format) else {
            return Self::Normal;
        };
        exif::Reader::new()
            .read_raw(tiff.to_vec())
            .ok()
            .and_then(|exif| {
                exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                    .and_then(|field| field.value.get_uint(0))
            })
            .or_else(|| ifd0::orientation(tiff))
            .map_or(Self::Normal, Self::from_exif)
    }

    /// Whether width and height trade places when the image is shown upright.
    pub(crate) fn swaps_axes(self) -> bool {
        matches!(
            self,
            Self::Transpose | Self::Rotate90 | Self::Transverse | Self::Rotate270
        )
    }

    /// The upright size of an image stored at `stored`.
    pub(crate) fn upright(self, stored: Size) -> Size {
        if self.swaps_axes() {
            Size {
                width: stored.height,
                height: stored.width,
            }
        } else {
            stored
        }
    }

    /// Maps a point of the upright image (continuous coordinates, pixel edges at integers) to
    /// the stored image of size `stored`.
    fn to_stored(self, x: f64, y: f64, stored: (f64, f64)) -> (f64, f64) {
        let (w, h) = stored;
        match self {
            Self::Normal => (x, y),
            Self::FlipHorizontal => (w - x, y),
            Self::Rotate180 => (w - x, h - y),
            Self::FlipVertical => (x, h - y),
            Self::Transpose => (y, x),
            Self::Rotate90 => (y, h - x),
            Self::Transverse => (w - y, h - x),
            Self::Rotate270 => (w - y, x),
        }
    }

    /// Maps a rectangle `(left, top, width, height)` of the upright image to the stored image.
    pub(crate) fn rect_to_stored(
        self,
        rect: (f64, f64, f64, f64),
        stored: Size,
    ) -> (f64, f64, f64, f64) {
        let size = (f64::from(stored.width), f64::from(stored.height));
        let (left, top, width, height) = rect;
        let (x0, y0) = self.to_stored(left, top, size);
        let (x1, y1) = self.to_stored(left + width, top + height, size);
        (x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs())
    }

    /// Turns an image resized in stored orientation upright.
    pub(crate) fn make_upright(self, image: Rgb) -> Rgb {
        if self == Self::Normal {
            return image;
        }
        let (sw, sh) = (image.width as usize, image.height as usize);
        let upright = self.upright(Size {
            width: image.width,
            height: image.height,
        });
        let (w, h) = (upright.width as usize, upright.height as usize);
        let mut data = vec![0; w * h * 3];
        for y in 0..h {
            for x in 0..w {
                let (sx, sy) = match self {
                    Self::Normal => (x, y),
                    Self::FlipHorizontal => (sw - 1 - x, y),
                    Self::Rotate180 => (sw - 1 - x, sh - 1 - y),
                    Self::FlipVertical => (x, sh - 1 - y),
                    Self::Transpose => (y, x),
                    Self::Rotate90 => (y, sh - 1 - x),
                    Self::Transverse => (sw - 1 - y, sh - 1 - x),
                    Self::Rotate270 => (sw - 1 - y, x),
                };
                let from = (sy * sw + sx) * 3;
                let to = (y * w + x) * 3;
                data[to..to + 3].copy_from_slice(&image.data[from..from + 3]);
            }
        }
        Rgb {
            width: upright.width,
            height: upright.height,
            data,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Orientation; 8] = [
        Orientation::Normal,
        Orientation::FlipHorizontal,
        Orientation::Rotate180,
        Orientation::FlipVertical,
        Orientation::Transpose,
        Orientation::Rotate90,
        Orientation::Transverse,
        Orientation::Rotate270,
    ];

    /// A 3×2 stored image whose pixels are numbered 0..6 in the red channel.
    fn numbered() -> Rgb {
        Rgb {
            width: 3,
            height: 2,
            data: (0..6u8).flat_map(|n| [n, 0, 0]).collect(),
        }
    }

    fn reds(image: &Rgb) -> Vec<u8> {
        image.data.chunks(3).map(|p| p[0]).collect()
    }

    #[test]
    fn each_orientation_turns_the_stored_pixels_upright() {
        // Stored:  0 1 2
        //          3 4 5
        let expected: [(Orientation, (u32, u32), [u8; 6]); 8] = [
            (Orientation::Normal, (3, 2), [0, 1, 2, 3, 4, 5]),
            (Orientation::FlipHorizontal, (3, 2), [2, 1, 0, 5, 4, 3]),
            (Orientation::Rotate180, (3, 2), [5, 4, 3, 2, 1, 0]),
            (Orientation::FlipVertical, (3, 2), [3, 4, 5, 0, 1, 2]),
            (Orientation::Transpose, (2, 3), [0, 3, 1, 4, 2, 5]),
            (Orientation::Rotate90, (2, 3), [3, 0, 4, 1, 5, 2]),
            (Orientation::Transverse, (2, 3), [5, 2, 4, 1, 3, 0]),
            (Orientation::Rotate270, (2, 3), [2, 5, 1, 4, 0, 3]),
        ];
        for (orientation, (w, h), pixels) in expected {
            let upright = orientation.make_upright(numbered());
            assert_eq!((upright.width, upright.height), (w, h), "{orientation:?}");
            assert_eq!(reds(&upright), pixels, "{orientation:?}");
        }
    }

    #[test]
    fn a_rectangle_maps_to_the_stored_pixels_it_shows() {
        // For every orientation, the single upright pixel (x, y) must map to the stored pixel that
        // make_upright puts there.
        let stored = Size {
            width: 3,
            height: 2,
        };
        for orientation in ALL {
            let upright = orientation.make_upright(numbered());
            for y in 0..upright.height {
                for x in 0..upright.width {
                    let (sx, sy, sw, sh) =
                        orientation.rect_to_stored((f64::from(x), f64::from(y), 1.0, 1.0), stored);
                    assert_eq!((sw, sh), (1.0, 1.0));
                    let stored_index = (sy as usize) * 3 + sx as usize;
                    let upright_index = (y * upright.width + x) as usize;
                    assert_eq!(
                        reds(&upright)[upright_index] as usize,
                        stored_index,
                        "{orientation:?} at ({x}, {y})"
                    );
                }
            }
        }
    }

    #[test]
    fn exif_values_outside_one_to_eight_mean_upright() {
        assert_eq!(Orientation::from_exif(0), Orientation::Normal);
        assert_eq!(Orientation::from_exif(9), Orientation::Normal);
        assert_eq!(Orientation::from_exif(6), Orientation::Rotate90);
    }

    #[test]
    fn bytes_without_exif_are_upright() {
        let cases: [&[u8]; 5] = [
            b"\xFF\xD8\xFF\xD9",
            b"\xFF\xD8",
            b"\xFF\xD8\xFF\xE1\x00",
            b"\xFF\xD8\xFF\xE1\x00\x00\xFF\xDA",
            b"\xFF\xD8\xFF\xE1\xFF\xFFExif\0\0",
        ];
        for bytes in cases {
            assert_eq!(
                Orientation::read(bytes, SourceFormat::Jpeg),
                Orientation::Normal,
                "{bytes:?}"
            );
        }
        assert_eq!(
            Orientation::read(b"not an image", SourceFormat::Png),
            Orientation::Normal
        );
    }

    /// An IFD0 whose orientation is `value`, then a GPS IFD with a non-zero next-IFD pointer,
    /// which the full parser rejects.
    fn gps_with_next_pointer(value: u16) -> Vec<u8> {
        let mut tiff = b"II*\0\x08\0\0\0\x02\0".to_vec();
        tiff.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0]);
        tiff.extend(value.to_le_bytes());
        tiff.extend([0, 0]);
        tiff.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]);
        tiff.extend([0, 0, 0, 0]);
        // GPS IFD at 38: no entries, and a next pointer back to IFD0.
        tiff.extend([0, 0, 8, 0, 0, 0]);
        tiff
    }

    fn in_jpeg(tiff: &[u8]) -> Vec<u8> {
        let mut jpeg = b"\xFF\xD8\xFF\xE1".to_vec();
        jpeg.extend(u16::try_from(tiff.len() + 8).unwrap().to_be_bytes());
        jpeg.extend(b"Exif\0\0");
        jpeg.extend(tiff);
        jpeg.extend(b"\xFF\xDA");
        jpeg
    }

    #[test]
    fn the_tag_is_read_from_ifd0_when_the_full_parser_gives_up() {
        let tiff = gps_with_next_pointer(6);
        assert!(exif::Reader::new().read_raw(tiff.clone()).is_err());
        assert_eq!(
            Orientation::read(&in_jpeg(&tiff), SourceFormat::Jpeg),
            Orientation::Rotate90
        );
        let mut webp = b"RIFF\0\0\0\0WEBPEXIF".to_vec();
        webp.extend(u32::try_from(tiff.len()).unwrap().to_le_bytes());
        webp.extend(&tiff);
        assert_eq!(
            Orientation::read(&webp, SourceFormat::Webp),
            Orientation::Rotate90
        );
    }

    #[test]
    fn garbage_exif_is_read_without_panicking() {
        let valid = gps_with_next_pointer(8);
        let mut state = 0x2026_0505_u32;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        for _ in 0..3_000 {
            let mut tiff = valid.clone();
            for _ in 0..1 + next() % 6 {
                let at = next() as usize % tiff.len();
                tiff[at] = next() as u8;
            }
            tiff.truncate(next() as usize % (tiff.len() + 1));
            let _ = Orientation::read(&in_jpeg(&tiff), SourceFormat::Jpeg);
        }
    }
}
