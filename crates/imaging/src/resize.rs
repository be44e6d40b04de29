//! Crops and resizes with fast_image_resize (Lanczos3), from decoded pixels to an RGB image.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

use crate::decode::{Channels, Pixels};
use crate::{ImageRefused, Rgb};

/// Resizes the part `rect = (left, top, width, height)` of `source` (fractional pixels allowed)
/// to exactly `width`×`height`, as RGB.
pub(crate) fn crop_resize(
    source: &Pixels,
    rect: (f64, f64, f64, f64),
    width: u32,
    height: u32,
) -> Result<Rgb, ImageRefused> {
    let src = (source.width, source.height, source.data.as_slice());
    resize(src, source.channels, rect, width, height)
}

/// Resizes a whole RGB image to `width`×`height` (the list thumbnail).
pub(crate) fn shrink(image: &Rgb, width: u32, height: u32) -> Result<Rgb, ImageRefused> {
    let rect = (0.0, 0.0, f64::from(image.width), f64::from(image.height));
    let src = (image.width, image.height, image.data.as_slice());
    resize(src, Channels::Rgb, rect, width, height)
}

fn resize(
    (src_width, src_height, src_data): (u32, u32, &[u8]),
    channels: Channels,
    rect: (f64, f64, f64, f64),
    width: u32,
    height: u32,
) -> Result<Rgb, ImageRefused> {
    let pixel_type = match channels {
        Channels::Gray => PixelType::U8,
        Channels::Rgb => PixelType::U8x3,
    };
    let src = ImageRef::new(src_width, src_height, src_data, pixel_type).map_err(internal)?;
    let mut dst = Image::new(width, height, pixel_type);
    let (left, top, w, h) = rect;
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .crop(left, top, w, h);
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(internal)?;
    let data = match channels {
        Channels::Rgb => dst.into_vec(),
        Channels::Gray => dst.into_vec().into_iter().flat_map(|v| [v, v, v]).collect(),
    };
    Ok(Rgb {
        width,
        height,
        data,
    })
}

/// A resize error means our own sizes were inconsistent; report it rather than panic.
fn internal(error: impl std::fmt::Display) -> ImageRefused {
    ImageRefused::Decode {
        detail: format!("resize: {error}"),
    }
}
