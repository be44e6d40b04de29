//! Phone photos come out upright, whichever way the phone was held.

use image::{Rgb, RgbImage};
use jinguo_imaging::process;

use crate::support::{
    BLUE, GREEN, RED, decode, dominant, exif_with_gps, jpeg, jpeg_with_exif, png, png_with_exif,
};

/// The sensor's pixels of a portrait photo taken with the phone upright (EXIF orientation 6):
/// stored 4000 wide × 3000 tall, shown 3000 wide × 4000 tall. Shown upright, the top half is
/// red, the bottom half blue, and a green band runs down the left edge.
fn stored_portrait() -> RgbImage {
    RgbImage::from_fn(4000, 3000, |x, y| {
        // Orientation 6 shows stored column x as upright row x and stored row y as upright
        // column 2999 − y: the stored left half is the upright top, the stored bottom the left.
        if y >= 2700 {
            Rgb([0, 200, 0])
        } else if x < 2000 {
            Rgb([220, 0, 0])
        } else {
            Rgb([0, 0, 220])
        }
    })
}

fn assert_upright(output: &RgbImage) {
    assert_eq!(output.dimensions(), (750, 445));
    assert_eq!(dominant(output, 375, 20), RED, "the top is red");
    assert_eq!(dominant(output, 375, 425), BLUE, "the bottom is blue");
    assert_eq!(dominant(output, 20, 100), GREEN, "the left edge is green");
    assert_eq!(
        dominant(output, 730, 100),
        RED,
        "the right edge is not green"
    );
}

#[test]
fn a_portrait_phone_photo_with_orientation_6_comes_out_upright() {
    let upload = jpeg_with_exif(&jpeg(&stored_portrait(), 90), &exif_with_gps(6));
    let processed = process(&upload, None).unwrap();
    assert_eq!(
        (processed.source_width, processed.source_height),
        (3000, 4000)
    );
    assert!(processed.jpeg.len() <= 1024 * 1024);
    assert_upright(&decode(&processed.jpeg));
}

#[test]
fn every_exif_orientation_is_undone() {
    // The upright picture, then the stored pixels each orientation would have recorded for it.
    // At 1800×2400 the JPEG is decoded at half size, so the reduced decode is turned too.
    let upright = RgbImage::from_fn(1800, 2400, |x, y| {
        if x < 180 {
            Rgb([0, 200, 0])
        } else if y < 1200 {
            Rgb([220, 0, 0])
        } else {
            Rgb([0, 0, 220])
        }
    });
    let stored = |orientation: u16| -> RgbImage {
        use image::imageops::{flip_horizontal, flip_vertical, rotate90, rotate180, rotate270};
        match orientation {
            1 => upright.clone(),
            2 => flip_horizontal(&upright),
            3 => rotate180(&upright),
            4 => flip_vertical(&upright),
            5 => flip_horizontal(&rotate90(&upright)),
            6 => rotate270(&upright),
            7 => flip_horizontal(&rotate270(&upright)),
            8 => rotate90(&upright),
            _ => unreachable!(),
        }
    };
    for orientation in 1..=8 {
        let upload = jpeg_with_exif(&jpeg(&stored(orientation), 92), &exif_with_gps(orientation));
        let processed = process(&upload, None).unwrap();
        assert_eq!(
            (processed.source_width, processed.source_height),
            (1800, 2400),
            "orientation {orientation}"
        );
        let output = decode(&processed.jpeg);
        assert_eq!(
            dominant(&output, 375, 20),
            RED,
            "orientation {orientation}: top"
        );
        assert_eq!(
            dominant(&output, 375, 425),
            BLUE,
            "orientation {orientation}: bottom"
        );
        assert_eq!(
            dominant(&output, 10, 200),
            GREEN,
            "orientation {orientation}: left"
        );
        assert_eq!(
            dominant(&output, 740, 400),
            BLUE,
            "orientation {orientation}: right"
        );
    }
}

#[test]
fn a_png_with_an_exif_orientation_is_turned_too() {
    // Orientation 8: stored turned 90° clockwise, shown by turning it back anticlockwise.
    let upright = RgbImage::from_fn(900, 1200, |x, y| {
        if x < 90 {
            Rgb([0, 200, 0])
        } else if y < 600 {
            Rgb([220, 0, 0])
        } else {
            Rgb([0, 0, 220])
        }
    });
    let stored = image::imageops::rotate90(&upright);
    let upload = png_with_exif(&png(&stored), &exif_with_gps(8));
    let output = decode(&process(&upload, None).unwrap().jpeg);
    assert_eq!(dominant(&output, 375, 20), RED);
    assert_eq!(dominant(&output, 375, 425), BLUE);
    assert_eq!(dominant(&output, 10, 200), GREEN);
}

#[test]
fn a_landscape_photo_stored_sideways_is_too_small_when_upright_is() {
    // 800×500 stored, but orientation 6 shows it 500 wide: too narrow for 750×445.
    let upload = jpeg_with_exif(
        &jpeg(&RgbImage::from_pixel(800, 500, Rgb([9, 9, 9])), 90),
        &exif_with_gps(6),
    );
    assert_eq!(
        process(&upload, None),
        Err(jinguo_imaging::ImageRefused::TooSmall {
            width: 500,
            height: 800
        })
    );
}
