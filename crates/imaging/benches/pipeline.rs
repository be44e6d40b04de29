//! Times the image pipeline on generated uploads and reports peak memory.
//!
//! `cargo bench -p jinguo-imaging` (release build). For each input: 20 runs, then the median,
//! fastest and slowest wall-clock milliseconds, and the mean CPU time per run (all threads, from
//! `/proc/self/stat`; it stays meaningful when other work competes for the cores); then the peak
//! resident memory of processing one upload, measured from `VmHWM` after resetting it.

#![expect(
    clippy::expect_used,
    reason = "a benchmark that cannot build its input has nothing to measure"
)]

use std::time::{Duration, Instant};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage};
use jinguo_imaging::process;

const RUNS: usize = 20;

fn main() {
    let photo = phone_jpeg(4000, 3000, 6, 90);
    let png = png_bytes(&scene(1000, 640, 4));
    let big_jpeg = phone_jpeg(8660, 5773, 3, 85);
    let big_png = png_bytes(&scene(8660, 5773, 0));

    time("4000×3000 phone JPEG", &photo);
    time("1000×640 PNG", &png);
    time("8660×5773 (50 MP) JPEG", &big_jpeg);
    time("8660×5773 (50 MP) PNG", &big_png);

    peak_memory("4000×3000 phone JPEG", &photo);
    peak_memory("8660×5773 (50 MP) JPEG", &big_jpeg);
    peak_memory("8660×5773 (50 MP) PNG", &big_png);
}

fn time(label: &str, upload: &[u8]) {
    let cpu_before = cpu_ms();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let processed = process(upload, None);
            let elapsed = start.elapsed();
            assert!(processed.is_ok(), "{label}: {processed:?}");
            elapsed
        })
        .collect();
    let cpu_per_run = (cpu_ms() - cpu_before) / RUNS as f64;
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<24} {:>6.2} MB in: median {:>7.1} ms, min {:>7.1} ms, max {:>7.1} ms, CPU {:>7.1} ms/run ({RUNS} runs)",
        upload.len() as f64 / 1e6,
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS - 1]),
        cpu_per_run,
    );
}

/// Resets the peak-RSS counter, processes once and reads it back (Linux only).
fn peak_memory(label: &str, upload: &[u8]) {
    let before = status_kib("VmRSS");
    if std::fs::write("/proc/self/clear_refs", "5").is_err() {
        println!("{label}: cannot reset the peak-RSS counter here");
        return;
    }
    let processed = process(upload, None);
    assert!(processed.is_ok(), "{label}: {processed:?}");
    let peak = status_kib("VmHWM");
    println!(
        "{label:<24} peak RSS {:>6.1} MiB (before: {:>5.1} MiB, so the pipeline added {:>6.1} MiB)",
        peak as f64 / 1024.0,
        before as f64 / 1024.0,
        (peak.saturating_sub(before)) as f64 / 1024.0
    );
}

/// User plus system CPU time of the whole process so far, in milliseconds (10 ms ticks).
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: Vec<f64> = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|field| field.parse().ok())
        .collect();
    ticks.iter().sum::<f64>() * 10.0
}

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A JPEG like a phone's: a detailed scene with sensor grain, at `quality`.
fn phone_jpeg(width: u32, height: u32, grain: i32, quality: u8) -> Vec<u8> {
    let image = scene(width, height, grain);
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&image)
        .expect("encoding the bench JPEG");
    out
}

fn png_bytes(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .expect("encoding the bench PNG");
    out
}

/// Sky, buildings with windows, a banner of strokes, and grain of ±`grain` levels.
fn scene(width: u32, height: u32, grain: i32) -> RgbImage {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let (w, h) = (f64::from(width), f64::from(height));
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (f64::from(x) / w, f64::from(y) / h);
        let mut rgb = if fy < 0.45 {
            [90.0 + 100.0 * fy, 140.0 + 80.0 * fy, 230.0 - 40.0 * fy]
        } else {
            [110.0 - 40.0 * fy, 120.0 - 20.0 * fy, 70.0]
        };
        let block = (fx * 9.0).floor();
        if fy > 0.25 + 0.04 * ((block * 7.0) % 5.0) && fy < 0.8 {
            let shade = 120.0 + 25.0 * ((block * 3.0) % 4.0);
            rgb = [shade, shade * 0.9, shade * 0.8];
            let (wx, wy) = ((fx * 90.0).fract(), (fy * 60.0).fract());
            if wx > 0.3 && wx < 0.7 && wy > 0.25 && wy < 0.75 {
                rgb = [40.0, 50.0, 70.0];
            }
        }
        if fy > 0.82 && fy < 0.9 && fx > 0.1 && fx < 0.9 {
            let stroke = ((fx * 160.0).fract() < 0.35) ^ ((fy * 70.0).fract() < 0.3);
            rgb = if stroke {
                [250.0, 240.0, 230.0]
            } else {
                [200.0, 30.0, 40.0]
            };
        }
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = if grain > 0 {
            (state % (2 * grain as u64 + 1)) as f64 - f64::from(grain)
        } else {
            0.0
        };
        Rgb(rgb.map(|c| (c + noise).clamp(0.0, 255.0) as u8))
    })
}
