// The labelled photo test set (issue 6), drawn by the browser's own canvas: no network,
// no system package. A browser ES module: the wasm-bindgen tests (tests/photo.rs) import
// it directly, and the benchmark page (tools/bench-photo/) imports the same file, so both
// run on identical photos. `node tools/bench-photo/run.mjs --dump DIR` writes them out.
// It is .js rather than .mjs because wasm-bindgen's test server serves only .js as
// JavaScript.
//
// Every case is a household-register-like page (a title, a table grid, lines of text, a
// red stamp) with a little sensor noise, then one defect. `expect` is the verdict the
// checks must give (problem codes from src/photo/quality.rs).

export const CASES = [
  { name: 'sharp', width: 2000, height: 1500, expect: [], note: 'clean page, 3 MP' },
  { name: 'sharp-small-text', width: 1600, height: 1200, density: 1.6, expect: [], note: 'denser, smaller text' },
  { name: 'sharp-white-paper', width: 2000, height: 1500, paper: [250, 250, 248], expect: [], note: 'paper at the clipping point is not glare' },
  { name: 'dim-but-readable', width: 2000, height: 1500, filter: 'brightness(0.6)', expect: [], note: 'dim room, still legible' },
  { name: 'dimmer-but-sharp', width: 2000, height: 1500, filter: 'brightness(0.42)', expect: [], note: 'low contrast is not blur' },
  {
    name: 'journey-e2e', width: 1600, height: 1200, style: 'journey', noise: 0, expect: [],
    note: 'the photo the end-to-end tests upload (tests/e2e/journey.mjs makeJpeg): sparse lines, must pass',
  },
  { name: 'glare-speck', width: 2000, height: 1500, glare: 0.05, expect: [], note: 'a small highlight off the page edge' },
  { name: 'blur-1.5', width: 2000, height: 1500, blur: 1.5, expect: [], note: 'slight softness, readable' },
  { name: 'blur-3', width: 2000, height: 1500, blur: 3, expect: ['blurred'] },
  { name: 'blur-6', width: 2000, height: 1500, blur: 6, expect: ['blurred'] },
  { name: 'blur-12', width: 2000, height: 1500, blur: 12, expect: ['blurred'] },
  { name: 'glare', width: 2000, height: 1500, glare: 0.16, expect: ['glare'], note: 'lamp reflected on the page' },
  { name: 'glare-large', width: 2000, height: 1500, glare: 0.3, expect: ['glare'] },
  { name: 'dark', width: 2000, height: 1500, filter: 'brightness(0.28)', expect: ['too_dark'] },
  { name: 'overexposed', width: 2000, height: 1500, filter: 'contrast(0.4) brightness(2.2)', expect: ['overexposed'] },
  { name: 'small', width: 640, height: 480, expect: ['too_small'], note: 'short edge 480 < 800' },
  { name: 'small-blurred', width: 760, height: 570, blur: 4, expect: ['too_small', 'blurred'] },
  {
    name: 'exif-12mp', width: 3000, height: 4000, exif: { orientation: 6, gps: true }, expect: [],
    note: '4000×3000 sensor image stored sideways with EXIF orientation 6 and GPS; upright it is 3000×4000',
  },
];

/** A JPEG Blob for the named case. */
export async function makeCase(name) {
  const c = CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no photo case ${name}`);
  const canvas = renderCase(c);
  const blob = await new Promise((r) => canvas.toBlob(r, 'image/jpeg', 0.92));
  canvas.width = 0;
  if (!c.exif) return blob;
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return new Blob([addExif(bytes, c.exif)], { type: 'image/jpeg' });
}

/** The case's pixels as stored in the file (sideways for the EXIF case). */
export function renderCase(c) {
  const { width: w, height: h } = c;
  const page = canvasOf(w, h);
  (c.style === 'journey' ? drawJourneyPage : drawPage)(page.getContext('2d'), w, h, c);
  let out = page;
  if (c.blur || c.filter) {
    out = canvasOf(w, h);
    const g = out.getContext('2d');
    g.filter = [c.blur ? `blur(${c.blur}px)` : '', c.filter || ''].join(' ').trim();
    g.drawImage(page, 0, 0);
  }
  if (c.glare) drawGlare(out.getContext('2d'), w, h, c.glare);
  if (c.noise !== 0) addNoise(out, c.noise || 5, 42);
  if (c.exif && c.exif.orientation === 6) {
    // Orientation 6: the viewer rotates the stored image 90° clockwise, so the camera
    // stored the upright page rotated 90° counter-clockwise.
    const stored = canvasOf(h, w);
    const g = stored.getContext('2d');
    g.translate(0, w);
    g.rotate(-Math.PI / 2);
    g.drawImage(out, 0, 0);
    return stored;
  }
  return out;
}

function canvasOf(w, h) {
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
}

/** A 常住人口登记表-like page filling the frame, in upright coordinates. */
function drawPage(g, w, h, c) {
  const [pr, pg, pb] = c.paper || [236, 230, 216];
  // Uneven light, as under a ceiling lamp.
  const light = g.createLinearGradient(0, 0, w, h);
  light.addColorStop(0, `rgb(${pr},${pg},${pb})`);
  light.addColorStop(1, `rgb(${pr - 14},${pg - 14},${pb - 14})`);
  g.fillStyle = light;
  g.fillRect(0, 0, w, h);
  const u = Math.min(w, h) / 100; // one "unit": 1 % of the short edge
  const density = c.density || 1;
  // The corner marker lets a test see which way up the page came out.
  g.fillStyle = '#111';
  g.fillRect(2 * u, 2 * u, 6 * u, 6 * u);
  g.fillStyle = '#1a1a1a';
  g.font = `bold ${5 * u}px "Noto Sans CJK SC", sans-serif`;
  g.textAlign = 'center';
  g.fillText('常住人口登记表', w / 2, 9 * u);
  g.textAlign = 'left';
  const top = 13 * u, left = 6 * u, right = w - 6 * u, bottom = h - 10 * u;
  const rows = Math.round(12 * density);
  const rowH = (bottom - top) / rows;
  g.strokeStyle = '#2b2b2b';
  g.lineWidth = Math.max(2, 0.3 * u);
  for (let i = 0; i <= rows; i++) line(g, left, top + i * rowH, right, top + i * rowH);
  const cols = [0, 0.18, 0.5, 0.68, 1].map((f) => left + f * (right - left));
  for (const x of cols) line(g, x, top, x, bottom);
  const labels = ['姓名', '户主或与户主关系', '曾用名', '性别', '出生地', '民族', '籍贯', '出生日期', '宗教信仰', '公民身份号码', '身高', '血型', '文化程度', '婚姻状况', '兵役状况', '服务处所', '职业', '何时何地迁来本市', '何时何地迁来本址'];
  const values = ['张三', '户主', '无', '男', '某省某市某县', '汉', '某省某市', '1990年1月1日', '无', '110101199001011234', '175厘米', 'A', '大学本科', '已婚', '未服兵役', '某某有限公司', '工程师', '2010年6月从某县迁来', '2015年3月从某区迁来'];
  const fs = Math.min(rowH * 0.42, 3.4 * u);
  g.font = `${fs}px "Noto Sans CJK SC", sans-serif`;
  g.fillStyle = '#202020';
  for (let i = 0; i < rows; i++) {
    const y = top + i * rowH + rowH * 0.62;
    for (let k = 0; k < 4; k++) {
      const t = k % 2 === 0 ? labels[(i * 2 + k / 2) % labels.length] : values[(i * 2 + (k - 1) / 2) % values.length];
      g.fillText(t, cols[k] + 0.8 * u, y, cols[k + 1] - cols[k] - 1.6 * u);
    }
  }
  // The police station's red stamp, overlapping the bottom rows as it does on a real page.
  g.strokeStyle = 'rgba(200,30,30,0.85)';
  g.lineWidth = 0.8 * u;
  g.beginPath();
  g.arc(w * 0.78, bottom - 9 * u, 8 * u, 0, Math.PI * 2);
  g.stroke();
  g.fillStyle = 'rgba(200,30,30,0.85)';
  g.font = `${2.2 * u}px "Noto Sans CJK SC", sans-serif`;
  g.textAlign = 'center';
  g.fillText('户口专用章', w * 0.78, bottom - 8.5 * u);
  g.textAlign = 'left';
}

/** Exactly what tests/e2e/journey.mjs draws, so its upload is known to pass the checks. */
function drawJourneyPage(g, width, height) {
  g.fillStyle = '#f4efe4'; g.fillRect(0, 0, width, height);
  g.strokeStyle = '#333'; g.lineWidth = 3;
  for (let y = 120; y < height - 80; y += 90) line(g, 80, y, width - 80, y);
  for (let x = 80; x < width; x += 360) line(g, x, 120, x, height - 170);
  g.fillStyle = '#111'; g.font = '48px sans-serif';
  g.fillText('常住人口登记表', 100, 90);
}

function line(g, x0, y0, x1, y1) {
  g.beginPath();
  g.moveTo(x0, y0);
  g.lineTo(x1, y1);
  g.stroke();
}

/** A lamp's reflection: a clipped white core fading out; `size` is the radius / width. */
function drawGlare(g, w, h, size) {
  const r = size * w;
  const x = w * 0.58, y = h * 0.45;
  const grad = g.createRadialGradient(x, y, 0, x, y, r);
  grad.addColorStop(0, 'rgba(255,255,255,1)');
  grad.addColorStop(0.45, 'rgba(255,255,255,1)');
  grad.addColorStop(1, 'rgba(255,255,255,0)');
  g.fillStyle = grad;
  g.fillRect(x - r, y - r, 2 * r, 2 * r);
}

/** Sensor noise (±amp, roughly triangular), deterministic. */
function addNoise(canvas, amp, seed) {
  const g = canvas.getContext('2d');
  const img = g.getImageData(0, 0, canvas.width, canvas.height);
  const d = img.data;
  let s = seed >>> 0;
  for (let i = 0; i < d.length; i += 4) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const n = ((s >>> 24) % (amp + 1)) - ((s >>> 16 & 255) % (amp + 1));
    d[i] += n;
    d[i + 1] += n;
    d[i + 2] += n;
  }
  g.putImageData(img, 0, 0);
}

/**
 * Splices an APP1 Exif segment (IFD0 with Orientation, and a GPS IFD with a latitude and
 * longitude) right after SOI, where a camera writes it. Big-endian TIFF.
 */
export function addExif(jpeg, { orientation = 1, gps = false } = {}) {
  const tiff = [];
  const u16 = (v) => tiff.push((v >> 8) & 255, v & 255);
  const u32 = (v) => tiff.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  const entry = (tag, type, count, value) => { u16(tag); u16(type); u32(count); value(); };
  const ifd0Entries = gps ? 2 : 1;
  const ifd0End = 8 + 2 + 12 * ifd0Entries + 4;
  const gpsIfd = ifd0End;
  const gpsEnd = gpsIfd + 2 + 12 * 4 + 4;
  const lat = gpsEnd, lon = gpsEnd + 24;
  tiff.push(0x4d, 0x4d); u16(42); u32(8); // "MM", 42, IFD0 at 8
  u16(ifd0Entries);
  entry(0x0112, 3, 1, () => { u16(orientation); u16(0); }); // Orientation, SHORT
  if (gps) entry(0x8825, 4, 1, () => u32(gpsIfd)); // GPSInfo IFD pointer, LONG
  u32(0);
  if (gps) {
    u16(4);
    entry(0x0001, 2, 2, () => tiff.push(0x4e, 0, 0, 0)); // GPSLatitudeRef "N"
    entry(0x0002, 5, 3, () => u32(lat)); // GPSLatitude, 3 RATIONAL
    entry(0x0003, 2, 2, () => tiff.push(0x45, 0, 0, 0)); // GPSLongitudeRef "E"
    entry(0x0004, 5, 3, () => u32(lon)); // GPSLongitude
    u32(0);
    for (const [n, d] of [[39, 1], [54, 1], [2600, 100], [116, 1], [23, 1], [2900, 100]]) { u32(n); u32(d); }
  }
  const body = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff]; // "Exif\0\0"
  const len = body.length + 2;
  const out = new Uint8Array(jpeg.length + 2 + len);
  out.set(jpeg.subarray(0, 2), 0); // SOI
  out.set([0xff, 0xe1, len >> 8, len & 255, ...body], 2);
  out.set(jpeg.subarray(2), 4 + body.length);
  return out;
}

/** The APPn segments before the image data, as [marker, "Exif"-like id] pairs. */
export function appSegments(bytes) {
  const found = [];
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return found;
  let i = 2;
  while (i + 4 <= bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1];
    if (marker === 0xda || marker === 0xd9) break; // start of scan / end of image
    const len = (bytes[i + 2] << 8) | bytes[i + 3];
    if (marker >= 0xe0 && marker <= 0xef) {
      let id = '';
      for (let k = i + 4; k < Math.min(i + 2 + len, i + 10) && bytes[k]; k++) id += String.fromCharCode(bytes[k]);
      found.push([marker, id]);
    }
    i += 2 + len;
  }
  return found;
}

/** True if the JPEG carries an Exif APP1 segment. */
export function hasExif(bytes) {
  return appSegments(bytes).some(([m, id]) => m === 0xe1 && id.startsWith('Exif'));
}

/** The case table, for callers that cannot import a binding (wasm-bindgen tests). */
export function cases() {
  return CASES;
}
