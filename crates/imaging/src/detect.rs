//! Tells the image type from the content's signature, never from the file name.

use crate::ImageRefused;

/// The formats the pipeline accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceFormat {
    Jpeg,
    Png,
    Webp,
}

impl SourceFormat {
    /// A stable lowercase name, for storage and logs: `jpeg`, `png`, `webp`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "jpeg",
            SourceFormat::Png => "png",
            SourceFormat::Webp => "webp",
        }
    }

    /// The media type of the original upload, e.g. for serving it to reviewers.
    pub fn mime(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "image/jpeg",
            SourceFormat::Png => "image/png",
            SourceFormat::Webp => "image/webp",
        }
    }
}

/// Reads the signature at the start of `bytes`.
///
/// JPEG, PNG and WebP are accepted; GIF, BMP, TIFF, HEIC/HEIF, AVIF, JPEG XL, PSD and ICO are
/// recognised and refused as unsupported; anything else is not an image.
pub fn detect(bytes: &[u8]) -> Result<SourceFormat, ImageRefused> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(SourceFormat::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(SourceFormat::Png);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(SourceFormat::Webp);
    }
    match unsupported(bytes) {
        Some(format) => Err(ImageRefused::UnsupportedFormat { format }),
        None => Err(ImageRefused::NotAnImage),
    }
}

fn unsupported(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some("GIF");
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Some("TIFF");
    }
    if bytes.starts_with(b"8BPS") {
        return Some("PSD");
    }
    if bytes.starts_with(&[0xFF, 0x0A]) || bytes.starts_with(b"\0\0\0\x0cJXL \r\n\x87\n") {
        return Some("JPEG XL");
    }
    if bytes.starts_with(&[0, 0, 1, 0]) && bytes.len() >= 6 && bytes[4] > 0 {
        return Some("ICO");
    }
    // BMP: "BM", then a DIB header whose size is one of the known versions.
    if bytes.len() >= 18 && bytes.starts_with(b"BM") {
        let dib = u32::from_le_bytes([bytes[14], bytes[15], bytes[16], bytes[17]]);
        if matches!(dib, 12 | 40 | 52 | 56 | 64 | 108 | 124) {
            return Some("BMP");
        }
    }
    // ISO base media (HEIC, HEIF, AVIF): a `ftyp` box naming an image brand.
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return match &bytes[8..12] {
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" => Some("HEIC"),
            b"mif1" | b"msf1" => Some("HEIF"),
            b"avif" | b"avis" => Some("AVIF"),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_decide_the_format() {
        let cases: &[(&[u8], Result<SourceFormat, ImageRefused>)] = &[
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", Ok(SourceFormat::Jpeg)),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Ok(SourceFormat::Png)),
            (b"RIFF\x10\0\0\0WEBPVP8L", Ok(SourceFormat::Webp)),
            (b"RIFF\x10\0\0\0WAVEfmt ", Err(ImageRefused::NotAnImage)),
            (
                b"GIF89a\x01\0\x01\0",
                Err(ImageRefused::UnsupportedFormat { format: "GIF" }),
            ),
            (
                b"\0\0\0\x18ftypheic\0\0\0\0",
                Err(ImageRefused::UnsupportedFormat { format: "HEIC" }),
            ),
            (
                b"\0\0\0\x1cftypavif\0\0\0\0",
                Err(ImageRefused::UnsupportedFormat { format: "AVIF" }),
            ),
            (b"\0\0\0\x18ftypisom\0\0\0\0", Err(ImageRefused::NotAnImage)),
            (
                b"II*\0\x08\0\0\0",
                Err(ImageRefused::UnsupportedFormat { format: "TIFF" }),
            ),
            (
                b"BM\x36\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0",
                Err(ImageRefused::UnsupportedFormat { format: "BMP" }),
            ),
            (b"BMW fans club\n", Err(ImageRefused::NotAnImage)),
            (b"#!/bin/sh\nrm -rf /\n", Err(ImageRefused::NotAnImage)),
            (b"%PDF-1.7\n", Err(ImageRefused::NotAnImage)),
            (b"<svg xmlns=", Err(ImageRefused::NotAnImage)),
            (b"", Err(ImageRefused::NotAnImage)),
            (b"\xFF\xD8", Err(ImageRefused::NotAnImage)),
        ];
        for (bytes, expected) in cases {
            assert_eq!(&detect(bytes), expected, "{bytes:?}");
        }
    }
}
