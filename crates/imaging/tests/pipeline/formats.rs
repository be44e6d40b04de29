//! JPEG, PNG and WebP in, always a 750×445 JPEG and a 300×178 thumbnail out.

use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, GrayImage, ImageEncoder, Luma};
use jinguo_imaging::{SourceFormat, process};

use crate::support::{decode, jpeg, png, scene, webp};

#[test]
fn a_png_named_jpg_is_converted_to_a_750_by_445_jpeg() {
    // The pipeline never sees a file name: a PNG is a PNG whatever it was called.
    let upload = png(&scene(1200, 800, 1));
    let processed = process(&upload, None).unwrap();
    assert_eq!(processed.source_format, SourceFormat::Png);
    assert!(processed.jpeg.starts_with(&[0xFF, 0xD8, 0xFF]));
    let output = decode(&processed.jpeg);
    assert_eq!((output.width(), output.height()), (750, 445));
    assert_eq!((processed.width, processed.height), (750, 445));
    assert_eq!(
        (processed.source_width, processed.source_height),
        (1200, 800)
    );
}

#[test]
fn a_webp_is_accepted() {
    let processed = process(&webp(&scene(1000, 600, 2)), None).unwrap();
    assert_eq!(processed.source_format, SourceFormat::Webp);
    assert_eq!(decode(&processed.jpeg).dimensions(), (750, 445));
}

#[test]
fn a_jpeg_is_reencoded_at_quality_92_when_it_fits() {
    let processed = process(&jpeg(&scene(1600, 1200, 3), 90), None).unwrap();
    assert_eq!(processed.source_format, SourceFormat::Jpeg);
    assert_eq!(processed.quality, 92);
    assert!(processed.jpeg.len() <= 1024 * 1024);
}

#[test]
fn a_grey_jpeg_comes_out_as_a_colour_jpeg_of_the_same_greys() {
    let grey = GrayImage::from_fn(1000, 600, |x, _| Luma([if x < 500 { 30 } else { 220 }]));
    let mut upload = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut upload, 90)
        .encode_image(&grey)
        .unwrap();
    let output = decode(&process(&upload, None).unwrap().jpeg);
    let left = output.get_pixel(100, 200).0;
    let right = output.get_pixel(650, 200).0;
    assert!(left.iter().all(|&c| c.abs_diff(30) < 8), "{left:?}");
    assert!(right.iter().all(|&c| c.abs_diff(220) < 8), "{right:?}");
}

#[test]
fn transparent_parts_of_a_png_turn_white_not_black() {
    let (w, h) = (900, 600);
    let rgba: Vec<u8> = (0..w * h)
        .flat_map(|i| {
            if i % w < w / 2 {
                [200, 0, 0, 255]
            } else {
                [0, 0, 0, 0]
            }
        })
        .collect();
    let mut upload = Vec::new();
    PngEncoder::new(&mut upload)
        .write_image(&rgba, w, h, ExtendedColorType::Rgba8)
        .unwrap();
    let output = decode(&process(&upload, None).unwrap().jpeg);
    let opaque = output.get_pixel(100, 200).0;
    let transparent = output.get_pixel(700, 200).0;
    assert!(opaque[0] > 180 && opaque[1] < 30, "{opaque:?}");
    assert!(transparent.iter().all(|&c| c > 245), "{transparent:?}");
}

#[test]
fn a_sixteen_bit_png_is_accepted() {
    let (w, h) = (800u32, 500u32);
    let rgb16: Vec<u8> = (0..w * h)
        .flat_map(|i| {
            let level = u16::try_from(i % w * 80).unwrap();
            [level, 30_000, 65_535 - level]
                .into_iter()
                .flat_map(u16::to_be_bytes)
        })
        .collect();
    let mut upload = Vec::new();
    PngEncoder::new(&mut upload)
        .write_image(&rgb16, w, h, ExtendedColorType::Rgb16)
        .unwrap();
    let processed = process(&upload, None).unwrap();
    assert_eq!(decode(&processed.jpeg).dimensions(), (750, 445));
}

#[test]
fn the_thumbnail_is_a_300_by_178_jpeg() {
    let processed = process(&jpeg(&scene(1500, 1000, 4), 85), None).unwrap();
    let thumbnail = decode(&processed.thumbnail);
    assert_eq!(thumbnail.dimensions(), (300, 178));
    assert!(processed.thumbnail.len() < processed.jpeg.len());
}

#[test]
fn the_content_name_is_32_hex_digits_that_depend_only_on_the_result() {
    let upload = png(&scene(1000, 700, 5));
    let first = process(&upload, None).unwrap();
    let again = process(&upload, None).unwrap();
    assert_eq!(first.content_name.len(), 32);
    assert!(
        first
            .content_name
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert_eq!(first.content_name, again.content_name);
    assert_eq!(first.jpeg, again.jpeg);
    let other = process(&png(&scene(1000, 700, 6)), None).unwrap();
    assert_ne!(first.content_name, other.content_name);
}

#[test]
fn a_jpeg_decoded_at_quarter_size_looks_like_the_full_size_result() {
    // 3000×1780 is exactly four times 750×445, so the JPEG is decoded at 1/4 scale in the
    // inverse DCT; the same picture as PNG goes through a full decode and Lanczos3 only.
    let picture = scene(3000, 1780, 21);
    let reduced = decode(&process(&jpeg(&picture, 95), None).unwrap().jpeg);
    let full = decode(&process(&png(&picture), None).unwrap().jpeg);
    let difference = mean_difference(&reduced, &full);
    println!("mean difference per channel: {difference:.2}");
    assert!(difference < 4.0, "{difference:.2}");
}

fn mean_difference(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    let total: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    total as f64 / a.as_raw().len() as f64
}
