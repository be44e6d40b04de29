//! Finds the EXIF block (the TIFF structure) of a JPEG, PNG or WebP by walking its segments or
//! chunks, without decoding anything.
//!
//! Every length comes from the upload, so each one is bounds-checked: a broken container means
//! "no EXIF", never a panic.

use crate::SourceFormat;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
/// The prefix of a JPEG APP1 EXIF payload; some WebP writers put it in the `EXIF` chunk too.
const EXIF_PREFIX: &[u8] = b"Exif\0\0";

/// The TIFF block of `bytes`, or `None` when there is none or the container is broken before it.
pub(crate) fn tiff_block(bytes: &[u8], format: SourceFormat) -> Option<&[u8]> {
    match format {
        SourceFormat::Jpeg => jpeg(bytes),
        SourceFormat::Png => png(bytes),
        SourceFormat::Webp => webp(bytes),
    }
}

/// The payload of the APP1 `Exif` segment, looked for among the segments before the first scan.
/// Walked here rather than by the generic container reader, which takes milliseconds on a large
/// JPEG that has no EXIF.
fn jpeg(bytes: &[u8]) -> Option<&[u8]> {
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        match marker {
            // A fill byte before a marker.
            0xFF => at += 1,
            // Start of scan or end of image: the metadata is over.
            0xDA | 0xD9 => return None,
            // Markers without a length.
            0x01 | 0xD0..=0xD8 => at += 2,
            _ => {
                let length = usize::from(u16::from_be_bytes([
                    *bytes.get(at + 2)?,
                    *bytes.get(at + 3)?,
                ]));
                // The length counts its own two bytes; a shorter one is malformed.
                let payload = bytes.get(at + 4..(at + 2 + length).max(at + 4))?;
                if marker == 0xE1
                    && let Some(tiff) = payload.strip_prefix(EXIF_PREFIX)
                {
                    return Some(tiff);
                }
                at += 2 + length.max(2);
            }
        }
    }
}

/// The data of the `eXIf` chunk. The extension asks for it before the image data, but writers
/// put it anywhere, so every chunk up to `IEND` is looked at (skipping is only arithmetic).
fn png(bytes: &[u8]) -> Option<&[u8]> {
    let mut at = PNG_SIGNATURE.len();
    if !bytes.starts_with(PNG_SIGNATURE) {
        return None;
    }
    loop {
        let length = usize::try_from(u32::from_be_bytes(
            bytes.get(at..at.checked_add(4)?)?.try_into().ok()?,
        ))
        .ok()?;
        let kind = bytes.get(at.checked_add(4)?..at.checked_add(8)?)?;
        let data_start = at.checked_add(8)?;
        let data_end = data_start.checked_add(length)?;
        match kind {
            b"eXIf" => return bytes.get(data_start..data_end),
            b"IEND" => return None,
            // Data, then a four-byte CRC.
            _ => at = data_end.checked_add(4)?,
        }
    }
}

/// The payload of the `EXIF` chunk of a RIFF/WebP file. Chunks are padded to an even length.
fn webp(bytes: &[u8]) -> Option<&[u8]> {
    // "RIFF", the file size, "WEBP".
    let mut at: usize = 12;
    loop {
        let kind = bytes.get(at..at.checked_add(4)?)?;
        let length = usize::try_from(u32::from_le_bytes(
            bytes
                .get(at.checked_add(4)?..at.checked_add(8)?)?
                .try_into()
                .ok()?,
        ))
        .ok()?;
        let data_start = at.checked_add(8)?;
        let data_end = data_start.checked_add(length)?;
        if kind == b"EXIF" {
            let data = bytes.get(data_start..data_end)?;
            return Some(data.strip_prefix(EXIF_PREFIX).unwrap_or(data));
        }
        at = data_end.checked_add(length % 2)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_without_exif_or_cut_short_has_no_block() {
        let cases: [&[u8]; 5] = [
            b"\xFF\xD8\xFF\xD9",
            b"\xFF\xD8",
            b"\xFF\xD8\xFF\xE1\x00",
            b"\xFF\xD8\xFF\xE1\x00\x00\xFF\xDA",
            b"\xFF\xD8\xFF\xE1\xFF\xFFExif\0\0",
        ];
        for bytes in cases {
            assert_eq!(tiff_block(bytes, SourceFormat::Jpeg), None, "{bytes:?}");
        }
    }

    #[test]
    fn the_block_is_found_in_each_container() {
        let tiff = b"MM\0\x2a\0\0\0\x08";
        let mut jpeg = b"\xFF\xD8\xFF\xE0\x00\x04ab\xFF\xE1\x00\x10Exif\0\0".to_vec();
        jpeg.extend_from_slice(tiff);
        jpeg.extend_from_slice(b"\xFF\xDA");
        assert_eq!(tiff_block(&jpeg, SourceFormat::Jpeg), Some(&tiff[..]));

        let mut png = PNG_SIGNATURE.to_vec();
        png.extend_from_slice(b"\0\0\0\x01tEXtx\0\0\0\0");
        png.extend_from_slice(b"\0\0\0\x08eXIf");
        png.extend_from_slice(tiff);
        png.extend_from_slice(b"\0\0\0\0");
        assert_eq!(tiff_block(&png, SourceFormat::Png), Some(&tiff[..]));

        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\x01\0\0\0x\0EXIF\x0e\0\0\0Exif\0\0".to_vec();
        webp.extend_from_slice(tiff);
        assert_eq!(tiff_block(&webp, SourceFormat::Webp), Some(&tiff[..]));
    }

    #[test]
    fn lengths_past_the_end_mean_no_block() {
        let png = b"\x89PNG\r\n\x1a\n\xFF\xFF\xFF\xFFIDAT";
        assert_eq!(tiff_block(png, SourceFormat::Png), None);
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\x40eXIf\0\0";
        assert_eq!(tiff_block(png, SourceFormat::Png), None);
        let webp = b"RIFF\0\0\0\0WEBPEXIF\xFF\xFF\xFF\xFFII*\0";
        assert_eq!(tiff_block(webp, SourceFormat::Webp), None);
        assert_eq!(tiff_block(b"RIFF", SourceFormat::Webp), None);
    }
}
