//! Decodes JPEG with `jpeg-decoder`, shrinking by 1/2, 1/4 or 1/8 inside the inverse DCT when the
//! caller allows: a 12-megapixel phone photo bound for 750×445 is decoded at 1000×750, which
//! skips most of the decoding work and memory. (`image`'s own JPEG decoder, zune-jpeg, has no
//! such option.) CMYK JPEGs, rare and mostly from print work, go to zune-jpeg through `image`
//! at full size, since it converts CMYK to RGB.

use jpeg_decoder::{CodingProcess, Decoder, Error, PixelFormat};

use crate::decode::{Channels, MAX_DECODER_ALLOC, Pixels, Plan, decode_with_image};
use crate::{ImageRefused, Size};

pub(crate) fn decode(
    bytes: &[u8],
    plan: impl FnOnce(Size) -> Plan,
) -> Result<(Size, Pixels), ImageRefused> {
    let mut decoder = Decoder::new(bytes);
    decoder.read_info().map_err(refusal)?;
    let Some(info) = decoder.info() else {
        return Err(ImageRefused::Decode {
            detail: "no frame header".into(),
        });
    };
    if info.coding_process == CodingProcess::Lossless {
        return Err(ImageRefused::Decode {
            detail: "lossless JPEG is not supported".into(),
        });
    }
    if info.pixel_format == PixelFormat::CMYK32 {
        return decode_with_image(bytes, image::ImageFormat::Jpeg, plan);
    }
    let size = Size {
        width: u32::from(info.width),
        height: u32::from(info.height),
    };
    let reduction = plan(size)?;
    if reduction > 1 {
        decoder
            .scale(
                info.width.div_ceil(reduction_u16(reduction)),
                info.height.div_ceil(reduction_u16(reduction)),
            )
            .map_err(refusal)?;
    }
    decoder.set_max_decoding_buffer_size(usize::try_from(MAX_DECODER_ALLOC).unwrap_or(usize::MAX));
    let data = decoder.decode().map_err(refusal)?;
    // After `scale`, `info` reports the reduced output size.
    let Some(out) = decoder.info() else {
        return Err(ImageRefused::Decode {
            detail: "no frame header".into(),
        });
    };
    let channels = match out.pixel_format {
        PixelFormat::L8 => Channels::Gray,
        PixelFormat::RGB24 => Channels::Rgb,
        other => {
            return Err(ImageRefused::Decode {
                detail: format!("unexpected JPEG pixel format {other:?}"),
            });
        }
    };
    let pixels = Pixels {
        width: u32::from(out.width),
        height: u32::from(out.height),
        channels,
        data,
    };
    if pixels.data.len() < pixels.width as usize * pixels.height as usize * channels.count() {
        return Err(ImageRefused::Truncated);
    }
    Ok((size, pixels))
}

fn reduction_u16(reduction: u32) -> u16 {
    u16::try_from(reduction.clamp(1, 8)).unwrap_or(1)
}

fn refusal(error: Error) -> ImageRefused {
    match error {
        Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => ImageRefused::Truncated,
        other => ImageRefused::Decode {
            detail: other.to_string(),
        },
    }
}
