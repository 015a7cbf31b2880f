//! GET /officer: a tiny page for the simulated officer. It asks for the admin token and
//! calls the admin endpoints with `Authorization: Bearer`.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};

use crate::html::page;

const BODY: &str = r#"<main class="wide">
<h1>办件审核（模拟民警端）</h1>
<p class="banner">仅用于开发和演示：审核通过、驳回并说明原因、推进制证和寄递。</p>
<div class="card">
<label for="token">管理令牌</label>
<input id="token" class="token" type="password" autocomplete="off">
<button id="load" class="primary" type="button">载入办件</button>
<p id="status" class="muted" role="status"></p>
</div>
<div id="list"></div>
</main>"#;

const JS: &str = r#"(function () {
  var FIELDS = [
    ['name', '姓名'], ['id_number', '公民身份号码'], ['hukou_region', '户籍所在地'],
    ['reason', '补领原因'], ['delivery', '领取方式'], ['office_id', '办证中心'],
    ['recipient_name', '收件人'], ['recipient_phone', '收件人电话'], ['address_region', '收件地址'],
    ['address_detail', '详细地址'], ['postcode', '邮政编码'],
    ['register_home', '户口本首页照片'], ['register_self', '户口本本人页照片'], ['liveness', '人脸识别']
  ];
  var tokenInput = document.getElementById('token');
  var statusEl = document.getElementById('status');
  var list = document.getElementById('list');
  try { tokenInput.value = sessionStorage.getItem('officer-token') || ''; } catch (e) {}

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  function api(method, path, body) {
    var token = tokenInput.value.trim();
    try { sessionStorage.setItem('officer-token', token); } catch (e) {}
    var init = { method: method, headers: { 'Authorization': 'Bearer ' + token } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (res) {
      if (res.ok) return res.headers.get('content-type') && res.headers.get('content-type').indexOf('json') >= 0 ? res.json() : res.blob();
      return res.json().then(function (err) { throw new Error(err.message || res.status); },
                             function () { throw new Error('HTTP ' + res.status); });
    });
  }
  function act(promise) {
    statusEl.textContent = '处理中…';
    promise.then(function () { load(); }, function (e) { statusEl.textContent = '失败：' + e.message; });
  }
  function render(apps) {
    list.textContent = '';
    statusEl.textContent = '共 ' + apps.length + ' 件';
    apps.forEach(function (app) {
      var card = el('div', null, { 'class': 'card', 'data-number': app.number });
      card.appendChild(el('h2', app.number + ' · ' + app.status_label));
      var a = app.answers || {};
      var dl = el('p', [a.name, a.hukou_region, a.delivery === 'ems' ? '邮寄' : '自取',
        app.phone_masked, '提交于 ' + app.submitted_at].filter(Boolean).join(' · '), { 'class': 'muted' });
      card.appendChild(dl);
      if (a.id_number) {
        // The list carries the number masked; the full one is fetched (and logged by the
        // server) only when the officer asks, one application at a time.
        var idEl = el('p', '公民身份号码：' + a.id_number, { 'class': 'id-number' });
        var reveal = el('button', '查看完整号码', { type: 'button' });
        reveal.onclick = function () {
          api('GET', '/api/v1/admin/applications/' + app.number + '/id-number').then(function (r) {
            idEl.textContent = '公民身份号码：' + r.id_number;
            reveal.remove();
          }, function (e) { statusEl.textContent = '失败：' + e.message; });
        };
        idEl.appendChild(document.createTextNode(' '));
        idEl.appendChild(reveal);
        card.appendChild(idEl);
      }
      if (app.rejection) card.appendChild(el('p', '驳回原因：' + app.rejection.reason));
      if (app.tracking_number) card.appendChild(el('p', 'EMS 运单号：' + app.tracking_number));
      ['register_home', 'register_self'].forEach(function (slot) {
        if (!app.photos || !app.photos[slot]) return;
        var b = el('button', slot === 'register_home' ? '查看户口本首页' : '查看户口本本人页', { type: 'button' });
        b.onclick = function () {
          api('GET', '/api/v1/admin/applications/' + app.number + '/photos/' + slot).then(function (blob) {
            var img = el('img', null, { alt: slot, 'class': 'photo' });
            img.src = URL.createObjectURL(blob);
            img.onload = function () { URL.revokeObjectURL(img.src); };
            b.replaceWith(img);
          }, function (e) { statusEl.textContent = '失败：' + e.message; });
        };
        card.appendChild(b);
      });
      var st = app.status;
      if (st === 'submitted' || st === 'resubmitted' || st === 'under_review') {
        var ok = el('button', '审核通过', { 'class': 'primary', type: 'button', 'data-action': 'approve' });
        ok.onclick = function () { act(api('POST', '/api/v1/admin/applications/' + app.number + '/decision', { decision: 'approve' })); };
        card.appendChild(ok);
        var reason = el('textarea', null, { rows: '2', placeholder: '驳回原因（申请人会看到）', 'class': 'reason' });
        card.appendChild(reason);
        var boxes = el('div');
        FIELDS.forEach(function (f) {
          var label = el('label', null, { 'class': 'choice' });
          var cb = el('input', null, { type: 'checkbox', value: f[0] });
          label.appendChild(cb);
          label.appendChild(document.createTextNode(' ' + f[1]));
          boxes.appendChild(label);
        });
        card.appendChild(boxes);
        var no = el('button', '驳回', { 'class': 'danger', type: 'button', 'data-action': 'reject' });
        no.onclick = function () {
          var fields = [];
          boxes.querySelectorAll('input:checked').forEach(function (cb) { fields.push(cb.value); });
          act(api('POST', '/api/v1/admin/applications/' + app.number + '/decision',
            { decision: 'reject', reason: reason.value, fields: fields }));
        };
        card.appendChild(no);
      }
      if (['paid', 'in_production', 'shipped', 'ready_for_pickup', 'delivered', 'picked_up'].indexOf(st) >= 0) {
        var adv = el('button', '推进到下一步', { 'class': 'primary', type: 'button', 'data-action': 'advance' });
        adv.onclick = function () { act(api('POST', '/api/v1/admin/applications/' + app.number + '/advance', {})); };
        card.appendChild(adv);
      }
      list.appendChild(card);
    });
  }
  function load() {
    statusEl.textContent = '载入中…';
    api('GET', '/api/v1/admin/applications').then(render, function (e) { statusEl.textContent = '失败：' + e.message; });
  }
  document.getElementById('load').onclick = load;
  if (tokenInput.value) load();
})();
"#;

pub async fn page_handler() -> Response {
    (
        [(CACHE_CONTROL, "no-cache")],
        Html(page("办件审核（模拟）", BODY, Some("/officer/officer.js"))),
    )
        .into_response()
}

pub async fn script() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        JS,
    )
        .into_response()
}
