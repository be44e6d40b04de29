//! A blur warning: the variance of the Laplacian of the output's luma.
//!
//! Sharp edges and fine texture give the Laplacian large values of both signs; a blurred image
//! gives small ones, so the variance drops. It is measured on the 750×445 result, because that
//! is what readers see: a slightly soft 12-megapixel photo is sharp once reduced, while a small
//! shaky one is not. A plain subject (a white wall, a clear sky) also scores low, which is why
//! this only warns and never refuses.
//!
//! The threshold was tuned on generated images (`tests/pipeline/blur.rs`): street-like scenes
//! with edges, windows and text-like strokes, at the output size and at twice it, clear and
//! hazy (a third of the contrast). Sharp, they scored 486–8275 (the hazy ones lowest); blurred
//! with a Gaussian of σ = 1.5 output pixels they scored at most 59, at σ = 2 at most 15. 100, the
//! customary value for this measure, sits between with a margin of about five either way.

use crate::Rgb;

/// Below this variance of the Laplacian the image is flagged as probably blurry.
pub const BLUR_THRESHOLD: f64 = 100.0;

/// The variance of the 4-neighbour Laplacian of the luma (BT.601 weights, 0–255 scale).
pub(crate) fn laplacian_variance(image: &Rgb) -> f64 {
    let (w, h) = (image.width as usize, image.height as usize);
    if w < 3 || h < 3 {
        return 0.0;
    }
    let luma: Vec<f64> = image
        .data
        .chunks_exact(3)
        .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
        .collect();
    let (mut sum, mut sum_sq) = (0.0, 0.0);
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let i = y * w + x;
            let value = luma[i - 1] + luma[i + 1] + luma[i - w] + luma[i + w] - 4.0 * luma[i];
            sum += value;
            sum_sq += value * value;
        }
    }
    let n = ((w - 2) * (h - 2)) as f64;
    let mean = sum / n;
    (sum_sq / n - mean * mean).max(0.0)
}
