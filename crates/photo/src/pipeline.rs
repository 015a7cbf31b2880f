//! File → upright, checked, downscaled JPEG with no EXIF, using the browser for the heavy
//! lifting: `createImageBitmap` decodes and applies the EXIF orientation, canvases
//! downscale, the canvas encodes. Only a ≤ 1024 px copy is read back into wasm for the
//! checks.
//!
//! It runs in a worker (see `worker`), on `OffscreenCanvas`, so the page's thread only
//! posts the file and receives the JPEG. Where a worker cannot draw (WebKit before
//! 16.4 has no `OffscreenCanvas`), the page runs this same code itself on `<canvas>`
//! elements; each step then still ends in an `await`, so input and paint get a turn.

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap, ImageBitmapOptions,
    ImageEncodeOptions, ImageOrientation, OffscreenCanvas,
};

use crate::quality::{self, Layout, Report, Verdict};

#[wasm_bindgen]
extern "C" {
    // The global functions, the same in a worker and on a page.
    #[wasm_bindgen(js_name = createImageBitmap, catch)]
    fn create_image_bitmap(
        image: &Blob,
        options: &ImageBitmapOptions,
    ) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Long edge of the uploaded JPEG: the officer reads a household-register page easily
/// at this size, and it is what a phone shows full-screen.
pub const MAX_LONG_EDGE: u32 = 2048;
/// Above this the JPEG quality steps down: a 1 MiB file takes ~11 s at 750 Kbps.
pub const MAX_BYTES: f64 = 1024.0 * 1024.0;
/// Tried in order; the first is used unless the file is too large.
const QUALITIES: [f64; 4] = [0.85, 0.75, 0.65, 0.55];
/// The copy read back for the checks; Rust area-averages it down to the working size.
const CHECK_LONG_EDGE: u32 = 1024;

/// A photo ready to upload, with what the checks found.
#[derive(Clone, PartialEq)]
pub struct Prepared {
    /// The JPEG to upload: upright, at most [`MAX_LONG_EDGE`], no EXIF.
    pub blob: Blob,
    pub width: u32,
    pub height: u32,
    /// The photo's own size after orientation.
    pub original_width: u32,
    pub original_height: u32,
    pub quality: f64,
    pub report: Report,
    pub verdict: Verdict,
    pub timings: Timings,
}

/// Where the time went, in milliseconds; the benchmark prints these.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Timings {
    pub decode: f64,
    pub resize: f64,
    pub check: f64,
    pub encode: f64,
    pub total: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    /// The file is not an image (a PDF, a video).
    NotAnImage,
    /// The browser could not decode it (HEIC on Android, a truncated file).
    Unreadable,
    /// The canvas would not encode (out of memory on an old phone).
    Encode,
}

impl PhotoError {
    /// What the page is told; the page turns it into words.
    pub fn code(self) -> &'static str {
        match self {
            PhotoError::NotAnImage => "not_an_image",
            PhotoError::Unreadable => "unreadable",
            PhotoError::Encode => "encode",
        }
    }
}

/// Runs the whole pipeline on a picked or captured photo.
pub async fn prepare(file: &Blob) -> Result<Prepared, PhotoError> {
    let start = now();
    let kind = file.type_();
    // An empty type is common for camera captures in some webviews: let the decoder decide.
    if !kind.is_empty() && !kind.starts_with("image/") {
        return Err(PhotoError::NotAnImage);
    }

    let options = ImageBitmapOptions::new();
    options.set_image_orientation(ImageOrientation::FromImage);
    let promise = create_image_bitmap(file, &options).map_err(|_| PhotoError::Unreadable)?;
    let bitmap: ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| PhotoError::Unreadable)?
        .unchecked_into();
    let (ow, oh) = (bitmap.width(), bitmap.height());
    if ow == 0 || oh == 0 {
        return Err(PhotoError::Unreadable);
    }
    let decoded = now();

    let (tw, th) = fit(ow, oh, MAX_LONG_EDGE);
    let target = downscale(&bitmap, (ow, oh), (tw, th))
        .await
        .map_err(|_| PhotoError::Encode)?;
    // The decoded bitmap is 48 MB for 12 MP; phones kill tabs for less.
    bitmap.close();
    let resized = now();
    yield_now().await;

    // Start the encoder first: it works on another thread while we check the pixels.
    let mut quality_used = QUALITIES[0];
    let encoding = to_jpeg(&target, quality_used);

    let check_start = now();
    let (report, verdict) = check_canvas(&target, (ow, oh)).map_err(|_| PhotoError::Encode)?;
    let checked = now();

    let mut blob = encoding.await?;
    for &q in &QUALITIES[1..] {
        if blob.size() <= MAX_BYTES {
            break;
        }
        quality_used = q;
        blob = to_jpeg(&target, q).await?;
    }
    target.release();
    let done = now();

    Ok(Prepared {
        blob,
        width: tw,
        height: th,
        original_width: ow,
        original_height: oh,
        quality: quality_used,
        report,
        verdict,
        timings: Timings {
            decode: decoded - start,
            resize: resized - decoded,
            check: checked - check_start,
            encode: done - checked,
            total: done - start,
        },
    })
}

/// The size with the long edge at most `max`, aspect kept; never upscaled.
pub fn fit(w: u32, h: u32, max: u32) -> (u32, u32) {
    let long = w.max(h);
    if long <= max {
        return (w, h);
    }
    let scale = f64::from(max) / f64::from(long);
    let s = |v: u32| ((f64::from(v) * scale).round() as u32).max(1);
    (s(w), s(h))
}

/// Downscales in halving steps, then one final resample to the exact size.
///
/// A canvas draws with bilinear sampling ("low" smoothing, the default and the cheapest);
/// at exactly half size that is a true 2×2 box average, so each halving is alias-free,
/// while one bilinear jump of ~2× (what most libraries do) skips pixels and aliases —
/// and aliasing costs JPEG bytes. Halving continues while the half is still ≥ 90 % of
/// the target, so 4000 px goes 4000 → 2000 → 2048 (a 2.4 % stretch) rather than one
/// 1.95× jump. Mip-mapped "medium"/"high" smoothing gives similar pixels but measured
/// 3–4× slower here, as one long main-thread task.
async fn downscale(
    bitmap: &ImageBitmap,
    from: (u32, u32),
    to: (u32, u32),
) -> Result<Surface, JsValue> {
    let mut steps = Vec::new();
    let mut size = from;
    while size.0 / 2 * 10 >= to.0 * 9 && size.1 / 2 * 10 >= to.1 * 9 {
        size = (size.0 / 2, size.1 / 2);
        steps.push(size);
    }
    if steps.last() != Some(&to) {
        steps.push(to);
    }
    let (mut current, ctx) = Surface::new(steps[0].0, steps[0].1, false)?;
    draw_bitmap(&ctx, bitmap, from, steps[0]).await?;
    for &(w, h) in &steps[1..] {
        let (next, ctx) = Surface::new(w, h, false)?;
        ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            current.canvas(),
            0.0,
            0.0,
            f64::from(w),
            f64::from(h),
        )?;
        current.release();
        current = next;
    }
    Ok(current)
}

/// Source pixels per drawing task. Reading the full-size bitmap is the one expensive
/// draw (≈ 180 ms for a sideways 12 MP photo here, as the rotation is applied while
/// sampling), so it is drawn in horizontal bands with a yield between them.
const BAND_PIXELS: u64 = 2_000_000;

async fn draw_bitmap(
    ctx: &CanvasRenderingContext2d,
    bitmap: &ImageBitmap,
    from: (u32, u32),
    to: (u32, u32),
) -> Result<(), JsValue> {
    // A transparent PNG would otherwise turn black on the opaque canvas.
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, f64::from(to.0), f64::from(to.1));
    let bands = (u64::from(from.0) * u64::from(from.1))
        .div_ceil(BAND_PIXELS)
        .clamp(1, u64::from(to.1)) as u32;
    let scale = f64::from(from.1) / f64::from(to.1);
    for i in 0..bands {
        // Band edges fall on whole destination rows; at an exact halving they also fall
        // on even source rows, so the 2×2 averages never straddle two bands.
        let (y0, y1) = (to.1 * i / bands, to.1 * (i + 1) / bands);
        let (sy0, sy1) = (f64::from(y0) * scale, f64::from(y1) * scale);
        ctx.draw_image_with_image_bitmap_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            bitmap,
            0.0,
            sy0,
            f64::from(from.0),
            sy1 - sy0,
            0.0,
            f64::from(y0),
            f64::from(to.0),
            f64::from(y1 - y0),
        )?;
        if i + 1 < bands {
            yield_now().await;
        }
    }
    Ok(())
}

/// Reads a ≤ [`CHECK_LONG_EDGE`] copy back (one `getImageData`) and runs the checks.
fn check_canvas(target: &Surface, original: (u32, u32)) -> Result<(Report, Verdict), JsValue> {
    let mut size = (target.canvas().width(), target.canvas().height());
    let mut halves: Option<Surface> = None;
    while size.0.max(size.1) > CHECK_LONG_EDGE {
        let half = ((size.0 / 2).max(1), (size.1 / 2).max(1));
        let (next, ctx) = Surface::new(half.0, half.1, true)?;
        let source = halves.as_ref().unwrap_or(target);
        ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            source.canvas(),
            0.0,
            0.0,
            f64::from(half.0),
            f64::from(half.1),
        )?;
        if let Some(old) = halves.replace(next) {
            old.release();
        }
        size = half;
    }
    let source = halves.as_ref().unwrap_or(target);
    let ctx = source.context(true)?;
    let data = ctx
        .get_image_data(0.0, 0.0, f64::from(size.0), f64::from(size.1))?
        .data();
    if let Some(h) = halves {
        h.release();
    }
    Ok(quality::check(
        &data,
        size.0,
        size.1,
        Layout::Rgba,
        original,
    ))
}

async fn to_jpeg(surface: &Surface, quality: f64) -> Result<Blob, PhotoError> {
    let promise = match surface {
        Surface::Offscreen(c) => {
            let options = ImageEncodeOptions::new();
            options.set_type("image/jpeg");
            options.set_quality(quality);
            c.convert_to_blob_with_options(&options)
                .map_err(|_| PhotoError::Encode)?
        }
        Surface::Element(canvas) => js_sys::Promise::new(&mut |resolve, reject| {
            let done = Closure::once_into_js(move |blob: JsValue| {
                // toBlob hands over null when it cannot encode.
                if blob.is_null() {
                    let _ = reject.call0(&JsValue::NULL);
                } else {
                    let _ = resolve.call1(&JsValue::NULL, &blob);
                }
            });
            if canvas
                .to_blob_with_type_and_encoder_options(
                    done.unchecked_ref(),
                    "image/jpeg",
                    &quality.into(),
                )
                .is_err()
            {
                let _ = reject_now(&done);
            }
        }),
    };
    JsFuture::from(promise)
        .await
        .map(JsCast::unchecked_into)
        .map_err(|_| PhotoError::Encode)
}

/// toBlob threw (a tainted or zero-sized canvas): settle through the same callback.
fn reject_now(done: &JsValue) -> Result<JsValue, JsValue> {
    done.unchecked_ref::<js_sys::Function>()
        .call1(&JsValue::NULL, &JsValue::NULL)
}

/// Whether this context (a worker or the page) can draw on an `OffscreenCanvas`.
pub fn offscreen_available() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &"OffscreenCanvas".into()).unwrap_or(false)
}

/// A canvas to draw on: an `OffscreenCanvas` wherever one exists (always in the worker),
/// else a `<canvas>` element on the page.
pub enum Surface {
    Offscreen(OffscreenCanvas),
    Element(HtmlCanvasElement),
}

impl Surface {
    fn new(
        w: u32,
        h: u32,
        read_back: bool,
    ) -> Result<(Surface, CanvasRenderingContext2d), JsValue> {
        let surface = if offscreen_available() {
            Surface::Offscreen(OffscreenCanvas::new(w, h)?)
        } else {
            let canvas: HtmlCanvasElement = web_sys::window()
                .and_then(|w| w.document())
                .ok_or_else(|| JsValue::from_str("no canvas here"))?
                .create_element("canvas")?
                .unchecked_into();
            canvas.set_width(w);
            canvas.set_height(h);
            Surface::Element(canvas)
        };
        let ctx = surface.context(read_back)?;
        Ok((surface, ctx))
    }

    /// Both kinds answer the same drawing calls (`width`, `getContext`, and as a
    /// `drawImage` source), which web-sys makes structurally: one view serves for both.
    fn canvas(&self) -> &HtmlCanvasElement {
        match self {
            Surface::Offscreen(c) => c.unchecked_ref(),
            Surface::Element(c) => c,
        }
    }

    /// `willReadFrequently` keeps the small check canvas in CPU memory, so `getImageData`
    /// is a copy rather than a GPU read-back; the big canvases stay on the GPU for encoding.
    /// The offscreen context is the same 2D API, so it is used through the same type.
    fn context(&self, read_back: bool) -> Result<CanvasRenderingContext2d, JsValue> {
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"willReadFrequently".into(), &read_back.into())?;
        js_sys::Reflect::set(&options, &"alpha".into(), &false.into())?;
        self.canvas()
            .get_context_with_context_options("2d", &options)?
            .ok_or_else(|| JsValue::from_str("no 2d context"))
            .map(JsCast::unchecked_into)
    }

    /// Frees the backing store now rather than at the next garbage collection.
    fn release(&self) {
        self.canvas().set_width(0);
        self.canvas().set_height(0);
    }
}

async fn yield_now() {
    TimeoutFuture::new(0).await;
}

fn now() -> f64 {
    performance_now()
}

fn set(obj: &js_sys::Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(obj, &key.into(), &value.into());
}

fn problems_js(verdict: &Verdict) -> js_sys::Array {
    verdict.codes().into_iter().map(JsValue::from_str).collect()
}

fn report_js(obj: &js_sys::Object, report: &Report, verdict: &Verdict) {
    set(obj, "problems", problems_js(verdict));
    set(obj, "mayUploadAnyway", verdict.may_upload_anyway());
    set(obj, "blurVariance", report.blur_variance);
    set(obj, "blurScore", report.blur_score);
    set(obj, "glareShare", report.glare_share);
    set(obj, "mean", report.mean);
    set(obj, "median", report.median);
    set(obj, "backgroundSpread", report.background_spread);
}

/// The pipeline with a plain JS result, what the worker posts back and what the page
/// calls itself where a worker cannot draw:
/// `{ blob, width, height, originalWidth, originalHeight, quality, problems, …, timings }`,
/// or a rejection with the error's code.
#[wasm_bindgen(js_name = preparePhoto)]
pub async fn prepare_photo(file: Blob) -> Result<JsValue, JsValue> {
    let p = prepare(&file)
        .await
        .map_err(|e| JsValue::from_str(e.code()))?;
    let obj = js_sys::Object::new();
    set(&obj, "blob", p.blob.clone());
    set(&obj, "width", p.width);
    set(&obj, "height", p.height);
    set(&obj, "originalWidth", p.original_width);
    set(&obj, "originalHeight", p.original_height);
    set(&obj, "quality", p.quality);
    report_js(&obj, &p.report, &p.verdict);
    let t = js_sys::Object::new();
    set(&t, "decode", p.timings.decode);
    set(&t, "resize", p.timings.resize);
    set(&t, "check", p.timings.check);
    set(&t, "encode", p.timings.encode);
    set(&t, "total", p.timings.total);
    set(&obj, "timings", t);
    Ok(obj.into())
}

/// For the benchmark: the quality checks alone on RGBA pixels (what `getImageData`
/// returns). The benchmark times the call, so the copy into wasm memory counts too.
#[wasm_bindgen(js_name = checkPhotoPixels)]
pub fn check_photo_pixels(rgba: &[u8], width: u32, height: u32) -> JsValue {
    let (report, verdict) = quality::check(rgba, width, height, Layout::Rgba, (width, height));
    let obj = js_sys::Object::new();
    report_js(&obj, &report, &verdict);
    obj.into()
}
