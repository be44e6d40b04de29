//! Nothing of the source's metadata survives: no EXIF, no GPS, no ICC, no comments.

use image::{Rgb, RgbImage};
use jinguo_imaging::process;

use crate::support::{
    exif_with_gps, jpeg, jpeg_segments, jpeg_with_exif, png, png_with_exif, scene,
};

fn assert_no_metadata(jpeg: &[u8]) {
    for (marker, payload) in jpeg_segments(jpeg) {
        // Only the JFIF APP0 header is written; APP1 (EXIF, XMP), APP2 (ICC), APP13 (IPTC) and
        // COM must not appear.
        let is_app = (0xE0..=0xEF).contains(&marker);
        assert!(
            !is_app || (marker == 0xE0 && payload.starts_with(b"JFIF\0")),
            "application segment FF{marker:02X} left in the output"
        );
        assert_ne!(marker, 0xFE, "a comment left in the output");
    }
    assert!(
        !jpeg.windows(6).any(|w| w == b"Exif\0\0"),
        "EXIF bytes left"
    );
    assert!(
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(jpeg))
            .is_err(),
        "an EXIF reader still finds EXIF"
    );
}

#[test]
fn gps_and_exif_of_a_phone_photo_are_stripped() {
    let source = jpeg_with_exif(&jpeg(&scene(3000, 4000, 20), 90), &exif_with_gps(1));
    // The source really carries the position.
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&source))
        .unwrap();
    assert!(
        exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
            .is_some()
    );
    let processed = process(&source, None).unwrap();
    assert_no_metadata(&processed.jpeg);
    assert_no_metadata(&processed.thumbnail);
}

#[test]
fn exif_of_a_png_is_stripped() {
    let source = png_with_exif(
        &png(&RgbImage::from_pixel(800, 600, Rgb([50, 100, 150]))),
        &exif_with_gps(1),
    );
    let processed = process(&source, None).unwrap();
    assert_no_metadata(&processed.jpeg);
}
