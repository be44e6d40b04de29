//! Phone photos whose EXIF is broken somewhere other than the orientation still come out
//! upright (as the browser shows them), and garbage EXIF never brings the pipeline down.

use image::{Rgb, RgbImage};
use jinguo_imaging::{ImageRefused, process};

use crate::support::{
    FLAWS, Flaw, Noise, assert_upright, decode, jpeg, jpeg_with_exif, phone_exif, stored_sideways,
};

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
            let upload = jpeg_with_exif(&jpeg(&stored_sideways(orientation), 90), &exif);
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
