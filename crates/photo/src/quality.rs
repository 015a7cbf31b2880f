//! Is this photo of a household-register page good enough for an officer to read?
//!
//! Pure Rust on a pixel buffer, so it is tested natively in milliseconds and runs the
//! same in the browser. Every decision compares a measurement with [`THRESHOLDS`];
//! [`measure`] and [`judge`] are separate so the calibration can print the numbers.

pub use reissue_domain::photo::{Problem, Verdict};

/// Every cut-off in one place, calibrated on the generated test set (tests/photo.rs,
/// tools/gen-photos.js). Scores are on the 0–255 luminance scale of the working copy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Long edge of the grayscale working copy. Fixed, so that the blur score measures
    /// the page, not the camera's megapixels.
    pub work_long_edge: u32,
    /// Blur score (contrast-normalised variance of the Laplacian, see [`Report::blur_score`])
    /// below this: blurred. On the test set the pages that must pass score ≥ 7 600 (the
    /// sparse e2e page 7 600, a 1.5 px blur 7 900, sharp pages 10 500–13 600) and a 3 px
    /// blur 2 100, 6 px 430, 12 px 50: the cut sits at their geometric middle.
    pub blur_min_score: f32,
    /// The ink-to-paper range (1st to 99th percentile) is stretched to 0–255 before the
    /// blur score, so a dim but sharp photo is not called blurred; this caps the stretch
    /// (4×) so an empty, flat frame is not blown up into noise.
    pub blur_min_range: f32,
    /// A pixel at or above this luminance is clipped…
    pub glare_level: u8,
    /// …and counts as glare only if it is also this much brighter than the page's median,
    /// so a white sheet exposed near the limit is not taken for a reflection.
    pub glare_above_median: u8,
    /// Share of glare pixels above which the page has a reflection: the test set's lamp
    /// reflections measure 2.9 % and 10 %, a small highlight 0.28 %, clean pages 0.
    pub glare_max_share: f32,
    /// Mean luminance below this: too dark to read (test set: dark 57; dim but legible
    /// pages 87 and 124).
    pub dark_mean: f32,
    /// Mean luminance above this: washed out, paper clipped and ink faded (test set: 250).
    /// Documents are bright by nature (clean pages 206–232, the e2e page 232), so this
    /// sits close to white.
    pub bright_mean: f32,
    /// Short edge of the original photo below this: too little detail for the officer.
    pub min_short_edge: u32,
}

pub const THRESHOLDS: Thresholds = Thresholds {
    work_long_edge: 512,
    blur_min_score: 4000.0,
    blur_min_range: 64.0,
    glare_level: 250,
    glare_above_median: 12,
    glare_max_share: 0.01,
    dark_mean: 75.0,
    bright_mean: 245.0,
    min_short_edge: reissue_domain::photo::MIN_SHORT_SIDE,
};

/// How the pixels are laid out: canvas `getImageData` gives RGBA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Rgba,
    Gray,
}

impl Layout {
    fn bytes_per_pixel(self) -> usize {
        match self {
            Layout::Rgba => 4,
            Layout::Gray => 1,
        }
    }
}

/// The measurements behind a verdict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Report {
    /// Variance of the 4-neighbour Laplacian on the working copy.
    pub blur_variance: f32,
    /// `blur_variance` scaled as if the page's ink-to-paper range spanned 0–255: the
    /// Laplacian grows with contrast, sharpness is about how fast it changes.
    pub blur_score: f32,
    /// 99th minus 1st percentile of luminance: roughly paper minus ink.
    pub range: u8,
    /// Share (0–1) of working-copy pixels that are clipped and brighter than the page.
    pub glare_share: f32,
    /// Mean luminance of the working copy.
    pub mean: f32,
    /// Median luminance of the working copy: the paper's brightness on a document.
    pub median: u8,
    /// Standard deviation of luminance in the frame's top band and the upper parts of
    /// its sides: where a photo of a person shows the background around the head. Read
    /// only for a photo for the card ([`reissue_domain::photo::portrait_verdict`]).
    pub background_spread: f32,
    /// Short edge of the original photo (after EXIF orientation, before any downscale).
    pub original_short_edge: u32,
    pub work_width: u32,
    pub work_height: u32,
}

/// Measures a photo. `pixels` is `width × height` in `layout`, already oriented; it may
/// be a downscaled copy, and `original` gives the photo's real (oriented) size.
///
/// # Panics
/// If `pixels` is shorter than `width × height × bytes per pixel`.
pub fn measure(
    pixels: &[u8],
    width: u32,
    height: u32,
    layout: Layout,
    original: (u32, u32),
    t: &Thresholds,
) -> Report {
    let gray = working_copy(pixels, width, height, layout, t.work_long_edge);
    let (ww, wh) = (gray.width as usize, gray.height as usize);
    let px = &gray.pixels;

    let mut histogram = [0u32; 256];
    let mut sum = 0f64;
    for &v in px {
        // Rounded, not truncated: a box average of 254.6 is clipped white.
        histogram[(v + 0.5).min(255.0) as usize] += 1;
        sum += f64::from(v);
    }
    let n = px.len().max(1);
    let median = percentile(&histogram, n, 0.5);
    let range = percentile(&histogram, n, 0.99).saturating_sub(percentile(&histogram, n, 0.01));
    let stretch = 255.0 / f32::from(range).max(t.blur_min_range);
    let blur_variance = laplacian_variance(px, ww, wh);
    let glare_from =
        u32::from(t.glare_level).max(u32::from(median) + u32::from(t.glare_above_median));
    let glare: u32 = histogram.iter().skip(glare_from as usize).sum();

    Report {
        blur_variance,
        blur_score: blur_variance * stretch * stretch,
        range,
        glare_share: glare as f32 / n as f32,
        mean: (sum / n as f64) as f32,
        median,
        background_spread: background_spread(px, ww, wh),
        original_short_edge: original.0.min(original.1),
        work_width: gray.width,
        work_height: gray.height,
    }
}

/// Turns measurements into problems, in the order the user should fix them: a photo
/// that is too small or too dark is retaken before anyone looks at its sharpness.
pub fn judge(r: &Report, t: &Thresholds) -> Verdict {
    let mut problems = Vec::new();
    if r.original_short_edge < t.min_short_edge {
        problems.push(Problem::TooSmall);
    }
    if r.mean < t.dark_mean {
        problems.push(Problem::TooDark);
    } else if r.mean > t.bright_mean {
        problems.push(Problem::Overexposed);
    }
    if r.glare_share > t.glare_max_share {
        problems.push(Problem::Glare);
    }
    // A dark or washed-out page also has little contrast, so its Laplacian is low for a
    // reason the exposure message already explains; do not pile a second message on.
    let exposure_failed = problems
        .iter()
        .any(|p| matches!(p, Problem::TooDark | Problem::Overexposed));
    if r.blur_score < t.blur_min_score && !exposure_failed {
        problems.push(Problem::Blurred);
    }
    Verdict { problems }
}

/// [`measure`] then [`judge`] with [`THRESHOLDS`].
pub fn check(
    pixels: &[u8],
    width: u32,
    height: u32,
    layout: Layout,
    original: (u32, u32),
) -> (Report, Verdict) {
    let report = measure(pixels, width, height, layout, original, &THRESHOLDS);
    let verdict = judge(&report, &THRESHOLDS);
    (report, verdict)
}

/// A grayscale image in f32, 0–255.
pub struct Gray {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<f32>,
}

/// Area-averaged (box-filtered) grayscale copy with the long edge at most `long_edge`.
/// Area averaging rather than point sampling: every source pixel counts exactly once,
/// so sensor noise averages out the same way at every resolution and nothing aliases.
/// Smaller images are kept at their own size (upscaling would invent no detail).
pub fn working_copy(
    pixels: &[u8],
    width: u32,
    height: u32,
    layout: Layout,
    long_edge: u32,
) -> Gray {
    let bpp = layout.bytes_per_pixel();
    let (sw, sh) = (width as usize, height as usize);
    assert!(
        pixels.len() >= sw * sh * bpp,
        "pixel buffer shorter than width × height"
    );
    let scale = (f64::from(long_edge) / f64::from(width.max(height).max(1))).min(1.0);
    let dw = ((f64::from(width) * scale).round() as usize).max(1);
    let dh = ((f64::from(height) * scale).round() as usize).max(1);

    // Columns: each destination cell sums a run of whole source pixels plus a fraction of
    // one at each end, read off a per-row prefix sum of integer luma (×256), so the inner
    // loop over all source pixels is three multiplies and an add. Rows: each source row
    // overlaps at most two destination rows (the ratio is ≥ 1) and is split between them.
    let xs = cells(sw, dw);
    let ys = spans(sh, dh);
    let mut prefix = vec![0u32; sw + 1];
    let mut row = vec![0f32; dw];
    let mut out = vec![0f32; dw * (dh + 1)];
    for (y, &(dy, wy)) in ys.iter().enumerate() {
        let src = &pixels[y * sw * bpp..(y + 1) * sw * bpp];
        let mut acc = 0u32;
        match layout {
            Layout::Rgba => {
                for (p, slot) in src.chunks_exact(4).zip(&mut prefix[1..]) {
                    acc += luma256(p[0], p[1], p[2]);
                    *slot = acc;
                }
            }
            Layout::Gray => {
                for (&v, slot) in src.iter().zip(&mut prefix[1..]) {
                    acc += u32::from(v) << 8;
                    *slot = acc;
                }
            }
        }
        for (v, c) in row.iter_mut().zip(&xs) {
            let first = (prefix[c.first + 1] - prefix[c.first]) as f32;
            let last = (prefix[c.last + 1] - prefix[c.last]) as f32;
            let inner = prefix[c.last].saturating_sub(prefix[c.first + 1]) as f32;
            *v = (first * c.first_weight + inner + last * c.last_weight) / 256.0;
        }
        let (top, rest) = out.split_at_mut((dy + 1) * dw);
        let top = &mut top[dy * dw..];
        for ((a, b), &v) in top.iter_mut().zip(rest.iter_mut()).zip(&row) {
            *a += v * wy;
            *b += v - v * wy;
        }
    }
    let norm = (dw as f32 / sw as f32) * (dh as f32 / sh as f32);
    out.truncate(dw * dh);
    out.iter_mut().for_each(|v| *v *= norm);
    Gray {
        width: dw as u32,
        height: dh as u32,
        pixels: out,
    }
}

/// One destination cell's footprint on a source line: pixels `first..=last`, the end
/// ones weighted by how much of them the cell covers (the inner ones count whole).
struct Cell {
    first: usize,
    last: usize,
    first_weight: f32,
    last_weight: f32,
}

/// The footprints of `m ≤ n` equal destination cells on `n` source pixels.
/// The spread of luminance around where a head would be: the top eighth of the frame,
/// and the outer eighths of its upper half.
fn background_spread(px: &[f32], w: usize, h: usize) -> f32 {
    let (band, side) = ((h / 8).max(1), (w / 8).max(1));
    let mut n = 0f64;
    let (mut sum, mut squares) = (0f64, 0f64);
    for y in 0..(h / 2).max(1).min(h) {
        for x in 0..w {
            if y < band || x < side || x >= w - side {
                let v = f64::from(px[y * w + x]);
                n += 1.0;
                sum += v;
                squares += v * v;
            }
        }
    }
    if n == 0.0 {
        return 0.0;
    }
    let mean = sum / n;
    ((squares / n - mean * mean).max(0.0)).sqrt() as f32
}

fn cells(n: usize, m: usize) -> Vec<Cell> {
    let ratio = n as f64 / m as f64;
    (0..m)
        .map(|d| {
            let (lo, hi) = (d as f64 * ratio, (d + 1) as f64 * ratio);
            let first = (lo.floor() as usize).min(n - 1);
            let last = ((hi.ceil() as usize).max(1) - 1).clamp(first, n - 1);
            let (first_weight, last_weight) = if first == last {
                (hi - lo, 0.0)
            } else {
                ((first + 1) as f64 - lo, hi - last as f64)
            };
            Cell {
                first,
                last,
                first_weight: first_weight as f32,
                last_weight: last_weight as f32,
            }
        })
        .collect()
}

/// For each of `n` source cells mapped onto `m ≤ n` destination cells: the destination
/// cell it starts in and the share of its weight that falls there.
fn spans(n: usize, m: usize) -> Vec<(usize, f32)> {
    let ratio = n as f64 / m as f64;
    (0..n)
        .map(|j| {
            let d = ((j as f64) / ratio).floor() as usize;
            let boundary = (d + 1) as f64 * ratio;
            let w = (boundary - j as f64).min(1.0);
            (d.min(m - 1), w as f32)
        })
        .collect()
}

/// Rec. 601 luma ×256 in integers (77/150/29 ≈ 0.299/0.587/0.114): what "brightness"
/// means for a JPEG, exact enough and cheap.
#[inline]
fn luma256(r: u8, g: u8, b: u8) -> u32 {
    77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b)
}

/// Variance of the 4-neighbour Laplacian over the interior: high when edges are crisp.
pub fn laplacian_variance(px: &[f32], w: usize, h: usize) -> f32 {
    if w < 3 || h < 3 {
        return 0.0;
    }
    let (mut sum, mut sum_sq) = (0f64, 0f64);
    for y in 1..h - 1 {
        let (up, mid, down) = (
            &px[(y - 1) * w..y * w],
            &px[y * w..(y + 1) * w],
            &px[(y + 1) * w..(y + 2) * w],
        );
        let mut row_sum = 0f32;
        let mut row_sq = 0f32;
        for x in 1..w - 1 {
            let l = up[x] + down[x] + mid[x - 1] + mid[x + 1] - 4.0 * mid[x];
            row_sum += l;
            row_sq += l * l;
        }
        // Accumulate per row in f64: a whole image in f32 would lose the small terms.
        sum += f64::from(row_sum);
        sum_sq += f64::from(row_sq);
    }
    let n = ((w - 2) * (h - 2)) as f64;
    let mean = sum / n;
    (sum_sq / n - mean * mean) as f32
}

fn percentile(histogram: &[u32; 256], n: usize, p: f64) -> u8 {
    let target = (n as f64 * p).ceil() as u64;
    let mut seen = 0u64;
    for (v, &c) in histogram.iter().enumerate() {
        seen += u64::from(c);
        if seen >= target {
            return v as u8;
        }
    }
    255
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document-like page: paper, dark text strokes and a table grid, with a little
    /// deterministic noise like a phone sensor's.
    fn page(w: u32, h: u32, paper: u8, ink: u8) -> Vec<u8> {
        let mut px = vec![paper; (w * h) as usize];
        let mut seed = 7u32;
        for y in 0..h {
            for x in 0..w {
                let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
                let grid = (fy * 12.0).fract() < 0.006 || (fx * 4.0).fract() < 0.004;
                // "Text": short strokes on every line.
                let text = (fy * 12.0).fract() > 0.3
                    && (fy * 12.0).fract() < 0.6
                    && (fx * 90.0).fract() < 0.35
                    && ((fy * 36.0) as u32 + (fx * 90.0) as u32) % 3 != 0;
                let i = (y * w + x) as usize;
                if grid || text {
                    px[i] = ink;
                }
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let noise = ((seed >> 16) % 9) as i16 - 4;
                px[i] = (i16::from(px[i]) + noise).clamp(0, 255) as u8;
            }
        }
        px
    }

    /// A separable box blur of radius `r`, enough to stand in for defocus.
    fn blur(px: &[u8], w: usize, h: usize, r: usize) -> Vec<u8> {
        let pass = |src: &[u8], horizontal: bool| {
            let mut out = vec![0u8; src.len()];
            for y in 0..h {
                for x in 0..w {
                    let (mut s, mut n) = (0u32, 0u32);
                    for k in -(r as isize)..=(r as isize) {
                        let (xx, yy) = if horizontal {
                            (x as isize + k, y as isize)
                        } else {
                            (x as isize, y as isize + k)
                        };
                        if xx >= 0 && yy >= 0 && (xx as usize) < w && (yy as usize) < h {
                            s += u32::from(src[yy as usize * w + xx as usize]);
                            n += 1;
                        }
                    }
                    out[y * w + x] = (s / n) as u8;
                }
            }
            out
        };
        pass(&pass(px, true), false)
    }

    fn verdict(px: &[u8], w: u32, h: u32) -> (Report, Verdict) {
        check(px, w, h, Layout::Gray, (w, h))
    }

    #[test]
    fn a_sharp_page_passes() {
        let (r, v) = verdict(&page(1200, 900, 225, 40), 1200, 900);
        assert!(v.is_ok(), "{r:?} {v:?}");
        assert_eq!((r.work_width, r.work_height), (512, 384));
    }

    #[test]
    fn a_blurred_page_is_blurred_and_may_still_be_sent() {
        let (w, h) = (1200, 900);
        let px = blur(&page(w, h, 225, 40), w as usize, h as usize, 6);
        let (r, v) = verdict(&px, w, h);
        assert_eq!(v.problems, vec![Problem::Blurred], "{r:?}");
        assert!(v.may_upload_anyway());
        assert!(Problem::Blurred
            .message()
            .starts_with("照片模糊，请在光线充足处对焦后重拍"));
    }

    #[test]
    fn the_blur_score_does_not_depend_on_resolution() {
        let small = verdict(&page(1024, 768, 225, 40), 1024, 768).0.blur_score;
        let large = verdict(&page(2048, 1536, 225, 40), 2048, 1536).0.blur_score;
        let ratio = large / small;
        assert!((0.6..1.6).contains(&ratio), "{small} vs {large}");
    }

    #[test]
    fn a_dim_sharp_page_is_not_called_blurred() {
        let (r, v) = verdict(&page(1200, 900, 110, 20), 1200, 900);
        assert!(v.is_ok(), "{r:?} {v:?}");
    }

    #[test]
    fn a_bright_blob_is_glare_but_white_paper_is_not() {
        let (w, h) = (1200u32, 900u32);
        let mut px = page(w, h, 225, 40);
        for y in 300..560 {
            for x in 500..800 {
                px[(y * w + x) as usize] = 255;
            }
        }
        let (r, v) = verdict(&px, w, h);
        assert_eq!(v.problems, vec![Problem::Glare], "{r:?}");
        // A page whose paper is itself at the clipping point has no reflection to find.
        let white = page(w, h, 252, 30);
        let (r, v) = verdict(&white, w, h);
        assert_eq!(r.glare_share, 0.0, "{r:?}");
        assert!(!v.problems.contains(&Problem::Glare));
    }

    #[test]
    fn exposure_too_dark_and_too_bright() {
        let (w, h) = (1200u32, 900u32);
        let (_, v) = verdict(&page(w, h, 50, 10), w, h);
        assert_eq!(v.problems, vec![Problem::TooDark]);
        let (_, v) = verdict(&page(w, h, 255, 235), w, h);
        assert_eq!(v.problems, vec![Problem::Overexposed]);
        assert!(v.may_upload_anyway());
    }

    #[test]
    fn a_small_original_is_refused_without_override() {
        let px = page(1200, 900, 225, 40);
        let (_, v) = check(&px, 1200, 900, Layout::Gray, (1000, 750));
        assert_eq!(v.problems, vec![Problem::TooSmall]);
        assert!(!v.may_upload_anyway());
    }

    #[test]
    fn rgba_and_gray_measure_alike() {
        let (w, h) = (640u32, 480u32);
        let gray = page(w, h, 225, 40);
        let rgba: Vec<u8> = gray.iter().flat_map(|&v| [v, v, v, 255]).collect();
        let a = verdict(&gray, w, h).0;
        let b = check(&rgba, w, h, Layout::Rgba, (w, h)).0;
        assert!(
            (a.blur_score - b.blur_score).abs() / a.blur_score < 0.01,
            "{a:?} {b:?}"
        );
        assert!((a.mean - b.mean).abs() < 0.5);
    }

    #[test]
    fn area_averaging_keeps_the_mean() {
        let px: Vec<u8> = (0..1000 * 700).map(|i| (i % 251) as u8).collect();
        let g = working_copy(&px, 1000, 700, Layout::Gray, 512);
        assert_eq!((g.width, g.height), (512, 358));
        let src_mean = px.iter().map(|&v| f64::from(v)).sum::<f64>() / px.len() as f64;
        let dst_mean = g.pixels.iter().map(|&v| f64::from(v)).sum::<f64>() / g.pixels.len() as f64;
        assert!((src_mean - dst_mean).abs() < 0.5, "{src_mean} {dst_mean}");
        assert!(g.pixels.iter().all(|v| (0.0..=255.01).contains(v)));
    }

    /// A head and shoulders (dark) on a light wall: plain, with a soft shadow, or in
    /// front of shelves (vertical stripes of things).
    fn portrait(w: u32, h: u32, busy: bool) -> Vec<u8> {
        let mut px = Vec::with_capacity((w * h) as usize);
        for y in 0..h {
            for x in 0..w {
                let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
                let head = ((fx - 0.5) / 0.2).powi(2) + ((fy - 0.38) / 0.24).powi(2) < 1.0;
                let shoulders = fy > 0.7 && (fx - 0.5).abs() < 0.45;
                let wall = if busy && ((fx * 14.0) as u32 + (fy * 6.0) as u32) % 2 == 0 {
                    70.0
                } else {
                    // A shadow darkening the wall by 12 levels towards one side.
                    235.0 - 12.0 * fx
                };
                px.push(if head || shoulders { 90 } else { wall as u8 });
            }
        }
        px
    }

    #[test]
    fn a_plain_background_is_told_from_a_busy_one() {
        use reissue_domain::photo::portrait_verdict;
        let size = (900, 1200);
        let (plain, plain_v) = check(&portrait(900, 1200, false), 900, 1200, Layout::Gray, size);
        let (busy, busy_v) = check(&portrait(900, 1200, true), 900, 1200, Layout::Gray, size);
        assert!(plain.background_spread < 12.0, "{plain:?}");
        assert!(busy.background_spread > 40.0, "{busy:?}");
        // A face has little fine detail: the document's blur cut-off would refuse it.
        assert!(plain_v.problems.contains(&Problem::Blurred), "{plain:?}");
        assert!(portrait_verdict(&plain_v, plain.background_spread).is_ok());
        assert_eq!(
            portrait_verdict(&busy_v, busy.background_spread).problems,
            [Problem::BusyBackground]
        );
        // A household-register page is never judged by it.
        assert!(!busy_v.problems.contains(&Problem::BusyBackground));
    }

    #[test]
    fn tiny_images_do_not_panic() {
        let (_, v) = check(&[128; 4], 2, 2, Layout::Gray, (2, 2));
        assert!(v.problems.contains(&Problem::TooSmall));
    }
}
