//! Builders for test uploads (photos, headers, EXIF blocks) and checks on the results.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage};

/// A small deterministic random source (xorshift64), so every run sees the same pixels.
pub struct Noise(u64);

impl Noise {
    pub fn new(seed: u64) -> Self {
        Noise(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn byte(&mut self) -> u8 {
        self.next().to_le_bytes()[0]
    }

    /// Roughly uniform in `-amplitude..=amplitude`.
    pub fn jitter(&mut self, amplitude: i32) -> i32 {
        let span = u64::try_from(2 * amplitude + 1).unwrap();
        i32::try_from(self.next() % span).unwrap() - amplitude
    }
}

/// A phone-like scene: a sky-to-ground gradient, buildings with hard edges, windows, a striped
/// banner of text-like strokes, and sensor noise. Features scale with the image, so the result
/// looks alike at any size; the seed varies the layout and the noise.
pub fn scene(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut noise = Noise::new(seed);
    let (w, h) = (f64::from(width), f64::from(height));
    let variant = (seed % 5) as f64;
    let (blocks, window_columns, stroke_columns) =
        (7.0 + variant, 70.0 + 10.0 * variant, 120.0 + 20.0 * variant);
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (f64::from(x) / w, f64::from(y) / h);
        let mut rgb = if fy < 0.45 {
            [90.0 + 100.0 * fy, 140.0 + 80.0 * fy, 230.0 - 40.0 * fy]
        } else {
            [110.0 - 40.0 * fy, 120.0 - 20.0 * fy, 70.0]
        };
        // Buildings: blocks of different heights and colours.
        let block = (fx * blocks).floor();
        let top = 0.25 + 0.04 * ((block * 7.0 + variant) % 5.0);
        if fy > top && fy < 0.8 {
            let shade = 120.0 + 25.0 * ((block * 3.0) % 4.0);
            rgb = [shade, shade * 0.9, shade * 0.8];
            // Windows: a grid of dark rectangles.
            let (wx, wy) = ((fx * window_columns).fract(), (fy * 60.0).fract());
            if wx > 0.3 && wx < 0.7 && wy > 0.25 && wy < 0.75 {
                rgb = [40.0, 50.0, 70.0];
            }
        }
        // A banner of text-like strokes.
        if fy > 0.82 && fy < 0.9 && fx > 0.1 && fx < 0.9 {
            let stroke = ((fx * stroke_columns).fract() < 0.35) ^ ((fy * 70.0).fract() < 0.3);
            rgb = if stroke {
                [250.0, 240.0, 230.0]
            } else {
                [200.0, 30.0, 40.0]
            };
        }
        let grain = f64::from(noise.jitter(6));
        Rgb(rgb.map(|c| (c + grain).clamp(0.0, 255.0) as u8))
    })
}

/// The same picture seen through haze: contrast around mid-grey cut to `contrast` (0–1).
pub fn hazy(image: &RgbImage, contrast: f64) -> RgbImage {
    let mut out = image.clone();
    for pixel in out.pixels_mut() {
        pixel.0 = pixel
            .0
            .map(|c| (128.0 + (f64::from(c) - 128.0) * contrast).round() as u8);
    }
    out
}

/// An image of hard-to-compress coloured noise in `block`×`block` squares.
pub fn noise_image(width: u32, height: u32, block: u32, seed: u64) -> RgbImage {
    let columns = width.div_ceil(block) as usize;
    let rows = height.div_ceil(block) as usize;
    let mut noise = Noise::new(seed);
    let colours: Vec<[u8; 3]> = (0..columns * rows)
        .map(|_| [noise.byte(), noise.byte(), noise.byte()])
        .collect();
    RgbImage::from_fn(width, height, |x, y| {
        Rgb(colours[(y / block) as usize * columns + (x / block) as usize])
    })
}

/// A separable Gaussian blur of standard deviation `sigma` pixels.
pub fn gaussian_blur(image: &RgbImage, sigma: f64) -> RgbImage {
    let radius = (3.0 * sigma).ceil() as i64;
    let weights: Vec<f64> = (-radius..=radius)
        .map(|i| (-((i * i) as f64) / (2.0 * sigma * sigma)).exp())
        .collect();
    let total: f64 = weights.iter().sum();
    let (w, h) = (i64::from(image.width()), i64::from(image.height()));
    let pass = |source: &RgbImage, horizontal: bool| {
        RgbImage::from_fn(image.width(), image.height(), |x, y| {
            let mut sum = [0.0; 3];
            for (k, weight) in weights.iter().enumerate() {
                let offset = k as i64 - radius;
                let (sx, sy) = if horizontal {
                    ((i64::from(x) + offset).clamp(0, w - 1), i64::from(y))
                } else {
                    (i64::from(x), (i64::from(y) + offset).clamp(0, h - 1))
                };
                let pixel = source.get_pixel(sx as u32, sy as u32);
                for c in 0..3 {
                    sum[c] += weight * f64::from(pixel[c]);
                }
            }
            Rgb(sum.map(|s| (s / total).round().clamp(0.0, 255.0) as u8))
        })
    };
    pass(&pass(image, true), false)
}

pub fn jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .unwrap();
    out
}

pub fn png(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

pub fn webp(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    WebPEncoder::new_lossless(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// Decodes a result so its pixels can be checked.
pub fn decode(jpeg: &[u8]) -> RgbImage {
    image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
        .unwrap()
        .into_rgb8()
}

/// The channel with the largest value at `(x, y)`: 0 red, 1 green, 2 blue.
pub fn dominant(image: &RgbImage, x: u32, y: u32) -> usize {
    let pixel = image.get_pixel(x, y).0;
    (0..3).max_by_key(|&c| pixel[c]).unwrap()
}

pub const RED: usize = 0;
pub const GREEN: usize = 1;
pub const BLUE: usize = 2;

/// An EXIF block (TIFF, big-endian) as a phone writes it: orientation in IFD0 and a GPS IFD
/// with a position in Chongqing (29°33′30″N 106°33′E).
pub fn exif_with_gps(orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\0\x2a");
    tiff.extend_from_slice(&8u32.to_be_bytes());
    // IFD0 at 8: two entries, then the next-IFD offset.
    let gps_ifd = 8 + 2 + 2 * 12 + 4;
    tiff.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut tiff, 0x0112, 3, 1, &orientation.to_be_bytes());
    entry(&mut tiff, 0x8825, 4, 1, &(gps_ifd as u32).to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    // GPS IFD: five entries; the two rationals of three values each follow it.
    let latitude = gps_ifd + 2 + 5 * 12 + 4;
    let longitude = latitude + 24;
    tiff.extend_from_slice(&5u16.to_be_bytes());
    entry(&mut tiff, 0x0000, 1, 4, &[2, 3, 0, 0]);
    entry(&mut tiff, 0x0001, 2, 2, b"N\0");
    entry(&mut tiff, 0x0002, 5, 3, &(latitude as u32).to_be_bytes());
    entry(&mut tiff, 0x0003, 2, 2, b"E\0");
    entry(&mut tiff, 0x0004, 5, 3, &(longitude as u32).to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    for (numerator, denominator) in [
        (29u32, 1u32),
        (33, 1),
        (3000, 100),
        (106, 1),
        (33, 1),
        (0, 1),
    ] {
        tiff.extend_from_slice(&numerator.to_be_bytes());
        tiff.extend_from_slice(&denominator.to_be_bytes());
    }
    tiff
}

fn entry(tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: &[u8]) {
    tiff.extend_from_slice(&tag.to_be_bytes());
    tiff.extend_from_slice(&kind.to_be_bytes());
    tiff.extend_from_slice(&count.to_be_bytes());
    let mut field = [0u8; 4];
    field[..value.len()].copy_from_slice(value);
    tiff.extend_from_slice(&field);
}

/// Puts an APP1 EXIF segment right after a JPEG's SOI marker.
pub fn jpeg_with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Puts an `eXIf` chunk right after a PNG's IHDR chunk.
pub fn png_with_exif(png: &[u8], tiff: &[u8]) -> Vec<u8> {
    // Signature (8) + IHDR (4 length + 4 type + 13 data + 4 CRC).
    let after_ihdr = 8 + 25;
    let mut out = png[..after_ihdr].to_vec();
    out.extend_from_slice(&png_chunk(b"eXIf", tiff));
    out.extend_from_slice(&png[after_ihdr..]);
    out
}

/// A PNG chunk with its length and CRC.
pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    let crc = crc32(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    chunk
}

/// CRC-32 (IEEE), as PNG uses it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The JPEG markers before the scan data: (marker byte, segment payload).
pub fn jpeg_segments(jpeg: &[u8]) -> Vec<(u8, Vec<u8>)> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "starts with SOI");
    let mut segments = Vec::new();
    let mut at = 2;
    while at + 4 <= jpeg.len() {
        assert_eq!(jpeg[at], 0xFF, "a marker at {at}");
        let marker = jpeg[at + 1];
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        segments.push((marker, jpeg[at + 4..at + 2 + length].to_vec()));
        if marker == 0xDA {
            break;
        }
        at += 2 + length;
    }
    segments
}

// Phone photos with broken EXIF (shared with the HTTP stories).

/// Where a block built by [`phone_exif`] is broken.
#[derive(Debug, Clone, Copy)]
pub enum Flaw {
    /// The GPS IFD's next-IFD pointer is not zero (a sub-IFD has no successor).
    GpsNextPointer,
    /// IFD0 declares more entries than the block holds.
    TruncatedIfd0,
    /// The Exif IFD pointer points far past the end of the block.
    BogusExifOffset,
    /// IFD0's next-IFD (IFD1, the thumbnail) offset points past the end.
    BogusIfd1Offset,
}

pub const FLAWS: [Flaw; 4] = [
    Flaw::GpsNextPointer,
    Flaw::TruncatedIfd0,
    Flaw::BogusExifOffset,
    Flaw::BogusIfd1Offset,
];

/// An EXIF block as a phone writes it (make, orientation, Exif IFD, GPS IFD), in either byte
/// order, broken as `flaw` says.
pub fn phone_exif(little: bool, orientation: u16, flaw: Flaw) -> Vec<u8> {
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
pub fn upright_picture() -> RgbImage {
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
pub fn stored_sideways(orientation: u16) -> RgbImage {
    match orientation {
        6 => image::imageops::rotate270(&upright_picture()),
        8 => image::imageops::rotate90(&upright_picture()),
        _ => unreachable!("only the sideways orientations are used"),
    }
}

pub fn assert_upright(output: &RgbImage, case: &str) {
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
