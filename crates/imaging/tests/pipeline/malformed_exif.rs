//! Phone photos whose EXIF is broken somewhere other than the orientation still come out
//! upright (as the browser shows them), and garbage EXIF never brings the pipeline down.

use image::{Rgb, RgbImage};
use jinguo_imaging::{ImageRefused, process};

use crate::support::{BLUE, GREEN, Noise, RED, decode, dominant, jpeg, jpeg_with_exif};

/// Where a block built by [`phone_exif`] is broken.
#[derive(Debug, Clone, Copy)]
enum Flaw {
    /// The GPS IFD's next-IFD pointer is not zero (a sub-IFD has no successor).
    GpsNextPointer,
    /// IFD0 declares more entries than the block holds.
    TruncatedIfd0,
    /// The Exif IFD pointer points far past the end of the block.
    BogusExifOffset,
    /// IFD0's next-IFD (IFD1, the thumbnail) offset points past the end.
    BogusIfd1Offset,
}

const FLAWS: [Flaw; 4] = [
    Flaw::GpsNextPointer,
    Flaw::TruncatedIfd0,
    Flaw::BogusExifOffset,
    Flaw::BogusIfd1Offset,
];

/// An EXIF block as a phone writes it (make, orientation, Exif IFD, GPS IFD), in either byte
/// order, broken as `flaw` says.
fn phone_exif(little: bool, orientation: u16, flaw: Flaw) -> Vec<u8> {
    let u16b = |v: u16| {
        if little {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        }
    };
    let u32b = |v: u32| {
        if little {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        }
    };
    let entry = |out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        out.extend(u16b(tag));
        out.extend(u16b(kind));
        out.extend(u32b(count));
        out.extend(value);
    };
    let short = |v: u16| {
        let b = u16b(v);
        [b[0], b[1], 0, 0]
    };
    // Header, IFD0 of four entries, then the Exif IFD and the GPS IFD of one entry each.
    let ifd0_len = 2 + 4 * 12 + 4;
    let exif_ifd = 8 + ifd0_len;
    let gps_ifd = exif_ifd + 2 + 12 + 4;
    let make = gps_ifd + 2 + 12 + 4;

    let mut out = if little {
        b"II".to_vec()
    } else {
        b"MM".to_vec()
    };
    out.extend(u16b(42));
    out.extend(u32b(8));
    out.extend(u16b(4));
    entry(&mut out, 0x010F, 2, 6, u32b(make));
    entry(&mut out, 0x0112, 3, 1, short(orientation));
    let exif_pointer = match flaw {
        Flaw::BogusExifOffset => 0xFFFF_FF00,
        _ => exif_ifd,
    };
    entry(&mut out, 0x8769, 4, 1, u32b(exif_pointer));
    entry(&mut out, 0x8825, 4, 1, u32b(gps_ifd));
    let ifd1 = match flaw {
        Flaw::BogusIfd1Offset => 0x7FFF_0000,
        _ => 0,
    };
    out.extend(u32b(ifd1));
    // Exif IFD: ExifVersion "0232".
    out.extend(u16b(1));
    entry(&mut out, 0x9000, 7, 4, *b"0232");
    out.extend(u32b(0));
    // GPS IFD: GPSVersionID 2.3.0.0.
    out.extend(u16b(1));
    entry(&mut out, 0x0000, 1, 4, [2, 3, 0, 0]);
    let gps_next = match flaw {
        Flaw::GpsNextPointer => exif_ifd,
        _ => 0,
    };
    out.extend(u32b(gps_next));
    out.extend(b"Apple\0");
    if let Flaw::TruncatedIfd0 = flaw {
        // Cut inside IFD0's third entry: the orientation (second) is still whole.
        out.truncate(8 + 2 + 2 * 12 + 5);
    }
    out
}

/// The picture as it should look: red top, blue bottom, a green band down the left edge.
fn upright() -> RgbImage {
    RgbImage::from_fn(900, 1200, |x, y| {
        if x < 90 {
            Rgb([0, 200, 0])
        } else if y < 600 {
            Rgb([220, 0, 0])
        } else {
            Rgb([0, 0, 220])
        }
    })
}

/// The pixels a phone stores for the upright picture under orientation 6 or 8.
fn stored(orientation: u16) -> RgbImage {
    match orientation {
        6 => image::imageops::rotate270(&upright()),
        8 => image::imageops::rotate90(&upright()),
        _ => unreachable!("only the sideways orientations are used"),
    }
}

fn assert_upright(output: &RgbImage, case: &str) {
    assert_eq!(output.dimensions(), (750, 445), "{case}");
    assert_eq!(dominant(output, 375, 20), RED, "{case}: the top is red");
    assert_eq!(
        dominant(output, 375, 425),
        BLUE,
        "{case}: the bottom is blue"
    );
    assert_eq!(
        dominant(output, 10, 200),
        GREEN,
        "{case}: the left is green"
    );
    assert_eq!(
        dominant(output, 740, 200),
        RED,
        "{case}: the right is not green"
    );
}

#[test]
fn the_full_exif_parser_rejects_each_broken_block() {
    // Otherwise the tests below would not exercise the fallback at all.
    for flaw in FLAWS {
        for little in [true, false] {
            let block = phone_exif(little, 6, flaw);
            assert!(
                exif::Reader::new().read_raw(block).is_err(),
                "{flaw:?}, little-endian {little}: the parser accepted it"
            );
        }
    }
}

#[test]
fn a_sideways_photo_with_broken_exif_comes_out_upright() {
    for flaw in FLAWS {
        for (little, orientation) in [(false, 6), (true, 6), (true, 8), (false, 8)] {
            let case = format!("{flaw:?}, little-endian {little}, orientation {orientation}");
            let exif = phone_exif(little, orientation, flaw);
            let upload = jpeg_with_exif(&jpeg(&stored(orientation), 90), &exif);
            let processed = process(&upload, None).unwrap();
            assert_eq!(
                (processed.source_width, processed.source_height),
                (900, 1200),
                "{case}"
            );
            assert_upright(&decode(&processed.jpeg), &case);
            assert!(
                !processed.jpeg.windows(6).any(|w| w == b"Exif\0\0"),
                "{case}: EXIF left in the output"
            );
        }
    }
}

#[test]
fn garbage_exif_never_panics_the_pipeline() {
    // An 800×480 photo: upright it fits, turned it is too small; either answer is fine.
    let photo = jpeg(&RgbImage::from_pixel(800, 480, Rgb([90, 120, 150])), 80);
    let mut noise = Noise::new(2026);
    let valid = phone_exif(true, 6, Flaw::GpsNextPointer);
    for round in 0..24 {
        let block: Vec<u8> = match round % 3 {
            // A valid header over random bytes.
            0 => {
                let mut b = b"II*\0\x08\0\0\0".to_vec();
                b.extend((0..200).map(|_| noise.byte()));
                b
            }
            // A real block with a dozen bytes overwritten.
            1 => {
                let mut b = valid.clone();
                for _ in 0..12 {
                    let at = usize::try_from(noise.next()).unwrap() % b.len();
                    b[at] = noise.byte();
                }
                b
            }
            // A real block cut anywhere.
            _ => valid[..usize::try_from(noise.next()).unwrap() % valid.len()].to_vec(),
        };
        let upload = jpeg_with_exif(&photo, &block);
        match process(&upload, None) {
            Ok(processed) => assert!(!processed.jpeg.windows(6).any(|w| w == b"Exif\0\0")),
            Err(ImageRefused::TooSmall { .. }) => {}
            Err(other) => panic!("round {round}: refused as {other:?}"),
        }
    }
}
