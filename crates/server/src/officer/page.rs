//! GET /officer: a tiny page for the officer. They sign in with their own name and
//! password (or give the shared admin token) and it calls the admin endpoints with
//! `Authorization: Bearer`; the token lives in the page's memory only, so closing or
//! reloading the page signs out.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};

use reissue_domain::lifecycle::Status;
use reissue_domain::loss_report::ReportStatus;
use reissue_domain::rejection::STANDARD_REASONS;
use reissue_domain::Field;

use crate::http::html::page;

const BODY: &str = r#"<main class="wide">
<h1>办件审核（模拟民警端）</h1>
<p class="banner">仅用于开发和演示：审核通过、驳回并说明原因、推进制证和寄递。</p>
<div class="card">
<form id="sign-in">
<label for="officer-name">民警账号</label>
<input id="officer-name" autocomplete="username">
<label for="officer-password">密码</label>
<input id="officer-password" type="password" autocomplete="current-password">
<button class="primary" type="submit">登录</button>
</form>
<p id="officer" class="muted"></p>
<label for="token">或：管理令牌（脚本和演示用）</label>
<input id="token" class="token" type="password" autocomplete="off">
<button id="load" class="primary" type="button">载入办件</button>
<label for="filter">显示</label>
<select id="filter">
<option value="review" selected>待审核（先到先审）</option>
<option value="payment">等申请人（待缴费、待修改）</option>
<option value="production">制证和寄递</option>
<option value="done">已结束</option>
<option value="all">全部</option>
</select>
<p id="status" class="muted" role="status"></p>
</div>
<div id="list"></div>
<p id="pager"></p>
<div class="card">
<h2>领证核验</h2>
<label for="pickup-q">领证凭证号或委托授权书编号（扫码或手输）</label>
<input id="pickup-q" autocomplete="off">
<button id="pickup-search" type="button">核验</button>
<div id="pickup-result"></div>
</div>
<div class="card">
<h2>挂失查询</h2>
<label for="loss-q">挂失回执号或完整的公民身份号码（不填：最近的挂失）</label>
<input id="loss-q" autocomplete="off">
<button id="loss-search" type="button">查询挂失</button>
<div id="loss-list"></div>
</div>
<div class="card">
<h2>模拟短信和微信发件箱</h2>
<p class="muted">通知没有真的发出：这里是模拟网关记录下的内容（手机号已打码）。</p>
<button id="outbox-load" type="button">查看最近发出的通知</button>
<ol id="outbox"></ol>
</div>
</main>"#;

/// The officer's script. What it knows of the domain (the fields an applicant can be
/// asked to give again, the standard reasons) is put in front of it from the domain
/// itself when served, so nothing is written twice.
const JS: &str = r#"(function () {
  var QUEUES = {
    review: ['submitted', 'resubmitted', 'under_review'],
    payment: ['awaiting_payment', 'rejected'],
    production: ['paid', 'in_production', 'shipped', 'returned', 'ready_for_pickup'],
    done: ENDED
  };
  var tokenInput = document.getElementById('token');
  var statusEl = document.getElementById('status');
  var filter = document.getElementById('filter');
  var list = document.getElementById('list');
  // The officer's own token, from signing in: in this variable only, never stored.
  var signedIn = '';

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  // The server writes China time with its offset: "2026-12-01T11:37:05+08:00".
  function local(ts) { return ts ? ts.slice(0, 16).replace('T', ' ') : ''; }
  function api(method, path, body) {
    var token = signedIn || tokenInput.value.trim();
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
  // A decision is asked twice: the button turns into 确认 / 取消 in place.
  function confirmed(button, question, run) {
    button.onclick = function () {
      var box = el('span', null, { 'class': 'confirm', role: 'group', 'aria-label': question });
      box.appendChild(el('span', question + ' '));
      var yes = el('button', '确认', { type: 'button', 'class': 'primary' });
      var no = el('button', '取消', { type: 'button' });
      yes.onclick = run;
      no.onclick = function () { box.replaceWith(button); button.focus(); };
      box.appendChild(yes);
      box.appendChild(no);
      button.replaceWith(box);
      yes.focus();
    };
  }
  function render(apps) {
    list.textContent = '';
    var queue = QUEUES[filter.value];
    var shown = apps.filter(function (a) { return !queue || queue.indexOf(a.status) >= 0; });
    // Review is first come, first served; everything else newest first.
    if (filter.value === 'review') shown.reverse();
    statusEl.textContent = '第 ' + page + ' 页，本页 ' + shown.length + ' 件';
    shown.forEach(function (app) {
      var card = el('div', null, { 'class': 'card', 'data-number': app.number });
      card.appendChild(el('h2', app.number + ' · ' + app.status_label));
      var a = app.answers || {};
      card.appendChild(el('p', [a.name, a.hukou_region, a.delivery === 'ems' ? '邮寄' : '自取',
        app.phone_masked, '提交于 ' + local(app.submitted_at)].filter(Boolean).join(' · '), { 'class': 'muted' }));
      card.appendChild(el('p', app.face_check_at ? '人脸识别：已通过（' + local(app.face_check_at) + '）'
        : '人脸识别：没有找到通过记录', { 'class': 'face-check' }));
      if (app.refund_due_fen > 0) {
        card.appendChild(el('p', '重复缴费 ' + (app.refund_due_fen / 100).toFixed(2) + ' 元，待退款', { 'class': 'refund-due', role: 'note' }));
      }
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
      if (app.loss_report) card.appendChild(el('p', '原证挂失回执号：' + app.loss_report, { 'class': 'loss-report' }));
      if (app.officer_steps && app.officer_steps.length) {
        // Who did each step, as the server recorded it.
        card.appendChild(el('p', '办理人：' + app.officer_steps.map(function (s) {
          return s.title + '（' + s.officer + '）';
        }).join('；'), { 'class': 'officer-steps' }));
      }
      if (a.police_receipt) card.appendChild(el('p', '报警回执号：' + a.police_receipt));
      if (a.guardian_name) card.appendChild(el('p', '监护人申请：' + a.guardian_name + '（' + (a.guardian_relation === 'parent' ? '父母' : '其他监护人') + '，' + a.guardian_id_number + '）', { 'class': 'guardian' }));
      if (a.temporary_card === 'wanted') {
        card.appendChild(el('p', '临时居民身份证：' + (app.temporary_card === 'ready' ? '已制好，待领取'
          : app.temporary_card === 'ordered' ? '已缴费，加急制作中' : '已申领，待缴费'), { 'class': 'temporary-card' }));
      }
      if (app.card_photo) {
        var src = app.card_photo.source;
        card.appendChild(el('p', '证件照片：' + (src === 'on_record' ? '用上次办证时的照片'
          : src === 'receipt' ? '相片回执号 ' + app.card_photo.receipt : '申请人手机拍摄'), { 'class': 'card-photo' }));
      }
      var VIEW = { register_home: '查看户口本首页', register_self: '查看户口本本人页', card_photo: '查看证件照片', guardian_proof: '查看监护关系证明' };
      ['register_home', 'register_self', 'guardian_proof', 'card_photo'].forEach(function (slot) {
        if (!app.photos || !app.photos[slot]) return;
        var b = el('button', VIEW[slot], { type: 'button' });
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
      var path = '/api/v1/admin/applications/' + app.number;
      if (QUEUES.review.indexOf(st) >= 0) {
        var ok = el('button', '审核通过', { 'class': 'primary', type: 'button', 'data-action': 'approve' });
        confirmed(ok, '确认审核通过？', function () { act(api('POST', path + '/decision', { decision: 'approve' })); });
        card.appendChild(ok);
        var pick = el('select', null, { 'class': 'standard', 'aria-label': '常用驳回原因' });
        pick.appendChild(el('option', '选择常用驳回原因（可再修改）', { value: '' }));
        REASONS.forEach(function (r, i) { pick.appendChild(el('option', r.text, { value: String(i) })); });
        card.appendChild(pick);
        var reason = el('textarea', null, { rows: '3', placeholder: '驳回原因（申请人会看到，请写明怎么改）', 'class': 'reason', 'aria-label': '驳回原因' });
        card.appendChild(reason);
        var boxes = el('div', null, { role: 'group', 'aria-label': '需要申请人重新提供' });
        FIELDS.forEach(function (f) {
          var label = el('label', null, { 'class': 'choice' });
          var cb = el('input', null, { type: 'checkbox', value: f[0] });
          label.appendChild(cb);
          label.appendChild(document.createTextNode(' ' + f[1]));
          boxes.appendChild(label);
        });
        card.appendChild(boxes);
        pick.onchange = function () {
          var r = REASONS[Number(pick.value)];
          if (!r) return;
          reason.value = r.text;
          boxes.querySelectorAll('input').forEach(function (cb) { cb.checked = r.fields.indexOf(cb.value) >= 0; });
        };
        var no = el('button', '驳回', { 'class': 'danger', type: 'button', 'data-action': 'reject' });
        confirmed(no, '确认驳回？申请人会看到原因', function () {
          var fields = [];
          boxes.querySelectorAll('input:checked').forEach(function (cb) { fields.push(cb.value); });
          act(api('POST', path + '/decision', { decision: 'reject', reason: reason.value, fields: fields }));
        });
        card.appendChild(no);
      }
      if (app.temporary_card === 'ordered') {
        var tmp = el('button', '临时身份证已制好', { type: 'button', 'data-action': 'temporary-card' });
        confirmed(tmp, '确认临时居民身份证已制好？申请人会收到可领取的提示', function () { act(api('POST', path + '/temporary-card', {})); });
        card.appendChild(tmp);
      }
      if (app.next_step) {
        var adv = el('button', app.next_step, { 'class': 'primary', type: 'button', 'data-action': 'advance' });
        confirmed(adv, '确认' + app.next_step + '？', function () { act(api('POST', path + '/advance', {})); });
        card.appendChild(adv);
      }
      list.appendChild(card);
    });
  }
  var last = [];
  // The list comes a page at a time, of the queue shown (the server filters and pages).
  var page = 1;
  function load() {
    statusEl.textContent = '载入中…';
    var queue = QUEUES[filter.value];
    var q = '?page=' + page + (queue ? '&status=' + queue.join(',') : '');
    api('GET', '/api/v1/admin/applications' + q).then(function (apps) {
      last = apps;
      render(apps);
      var pager = document.getElementById('pager');
      pager.textContent = '';
      if (page > 1) {
        var prev = el('button', '上一页', { type: 'button' });
        prev.onclick = function () { page -= 1; load(); };
        pager.appendChild(prev);
      }
      if (apps.length === PAGE) {
        var next = el('button', '下一页', { type: 'button' });
        next.onclick = function () { page += 1; load(); };
        pager.appendChild(next);
      }
    }, function (e) { statusEl.textContent = '失败：' + e.message; });
  }
  // The counter: a voucher or an authorisation number finds the card; it is handed to
  // the applicant, or to the delegate of an authorisation in force who gives its code.
  document.getElementById('pickup-search').onclick = function () {
    var q = document.getElementById('pickup-q').value.replace(/\s/g, '');
    var out = document.getElementById('pickup-result');
    out.textContent = '';
    api('GET', '/api/v1/admin/pickups?q=' + encodeURIComponent(q)).then(function (c) {
      var box = el('div', null, { 'class': 'pickup', 'data-number': c.number });
      box.appendChild(el('p', c.number + ' · ' + c.status_label + (c.office ? ' · ' + c.office : '')));
      box.appendChild(el('p', '申请人：' + c.applicant_name + ' · ' + c.applicant_id_number));
      // Ready at the office, or posted and brought back by the courier.
      var ready = c.status === 'ready_for_pickup' || c.status === 'returned';
      var path = '/api/v1/admin/applications/' + c.number + '/pickup';
      var done = function (r) { out.textContent = ''; out.appendChild(el('p', '已交付：' + r.status_label, { role: 'status' })); load(); };
      var fail = function (e) { statusEl.textContent = '失败：' + e.message; };
      if (ready) {
        var self = el('button', '申请人本人领取', { type: 'button', 'class': 'primary' });
        confirmed(self, '已核对申请人本人和领证凭证，确认交付？', function () { api('POST', path, { by: 'applicant' }).then(done, fail); });
        box.appendChild(self);
      }
      if (c.delegate) {
        var d = c.delegate;
        var who = el('p', '受托人：' + d.name + ' · ' + d.id_number + ' · 授权书 ' + d.authorization + ' · ' + d.status_label, { 'class': 'delegate' });
        // The full number only when asked, to compare with the card in the delegate's
        // hand; the server logs each look.
        var revealDelegate = el('button', '查看受托人完整号码', { type: 'button' });
        revealDelegate.onclick = function () {
          api('GET', '/api/v1/admin/pickups/' + d.authorization + '/id-number').then(function (r) {
            who.textContent = '受托人：' + d.name + ' · ' + r.id_number + ' · 授权书 ' + d.authorization + ' · ' + d.status_label;
          }, fail);
        };
        who.appendChild(document.createTextNode(' '));
        who.appendChild(revealDelegate);
        box.appendChild(who);
        if (ready && d.status === 'active') {
          // The delegate shows the applicant's 领证凭证 too: found by it, it is filled in;
          // found by the authorisation's number, the officer types or scans it.
          var shown = el('input', null, { inputmode: 'numeric', maxlength: '14', 'aria-label': '受托人出示的领证凭证号', placeholder: '领证凭证号', 'class': 'voucher' });
          if (/^\d{12}$/.test(q)) shown.value = q;
          box.appendChild(shown);
          var code = el('input', null, { inputmode: 'numeric', maxlength: '6', 'aria-label': '受托人说出的核验码', placeholder: '核验码', 'class': 'code' });
          box.appendChild(code);
          var give = el('button', '受托人代领', { type: 'button', 'class': 'primary' });
          confirmed(give, '已核对受托人的身份证和领证凭证，确认交付？', function () {
            api('POST', path, { by: 'delegate', authorization: d.authorization, code: code.value.trim(), voucher: shown.value }).then(done, fail);
          });
          box.appendChild(give);
        }
      }
      // An applicant who lacks legal capacity: their guardian, with the proof seen.
      if (ready && c.guardian_pickup) {
        var g = el('fieldset', null, { 'class': 'guardian-pickup' });
        g.appendChild(el('legend', '监护人代领（无民事行为能力或限制民事行为能力的申请人）'));
        var gName = el('input', null, { 'aria-label': '监护人姓名', placeholder: '监护人姓名', maxlength: '30' });
        var gId = el('input', null, { 'aria-label': '监护人公民身份号码', placeholder: '监护人公民身份号码', maxlength: '18' });
        var gProof = el('input', null, { type: 'checkbox', id: 'guardian-proof-' + c.number });
        var gProofLabel = el('label', '已核验监护关系证明（法院判决书或监护关系证明）', { 'for': 'guardian-proof-' + c.number });
        [gName, gId, gProof, gProofLabel].forEach(function (x) { g.appendChild(x); });
        var byGuardian = el('button', '监护人代领', { type: 'button', 'class': 'primary' });
        confirmed(byGuardian, '已核对领证凭证、监护人的身份证和监护关系证明，确认交付？', function () {
          api('POST', path, { by: 'guardian', name: gName.value, id_number: gId.value, proof_checked: gProof.checked }).then(done, fail);
        });
        g.appendChild(byGuardian);
        box.appendChild(g);
      }
      out.appendChild(box);
    }, function (e) { out.appendChild(el('p', e.message, { 'class': 'muted' })); });
  };
  // Loss reports, looked up by receipt number or full ID number; their state and what
  // the applicant said, the ID number masked.
  document.getElementById('loss-search').onclick = function () {
    var q = document.getElementById('loss-q').value.trim();
    var out = document.getElementById('loss-list');
    api('GET', '/api/v1/admin/loss-reports' + (q ? '?q=' + encodeURIComponent(q) : '')).then(function (rows) {
      out.textContent = '';
      if (!rows.length) out.appendChild(el('p', '没有找到挂失记录', { 'class': 'muted' }));
      rows.forEach(function (r) {
        var item = el('div', null, { 'class': 'loss-report', 'data-number': r.number });
        item.appendChild(el('p', r.number + ' · ' + (REPORT_STATES[r.status] || r.status)));
        item.appendChild(el('p', [r.name, r.id_number, r.kind === 'stolen' ? '被盗' : '丢失', r.lost_on, r.place,
          r.police_receipt ? '报警回执 ' + r.police_receipt : ''].filter(Boolean).join(' · '), { 'class': 'muted' }));
        if (r.description) item.appendChild(el('p', r.description));
        out.appendChild(item);
      });
    }, function (e) { statusEl.textContent = '失败：' + e.message; });
  };
  // What the mock SMS and WeChat gateways sent: the text, or the WeChat payload as sent.
  document.getElementById('outbox-load').onclick = function () {
    var out = document.getElementById('outbox');
    api('GET', '/api/v1/admin/outbox').then(function (rows) {
      out.textContent = '';
      if (!rows.length) out.appendChild(el('li', '还没有发出通知', { 'class': 'muted' }));
      rows.forEach(function (r) {
        var item = el('li', null, { 'class': 'outbox-' + r.channel });
        item.appendChild(el('p', local(r.sent_at) + ' · ' + (r.channel === 'sms' ? '短信' : '微信订阅消息') + ' · ' + r.to, { 'class': 'muted' }));
        item.appendChild(el(r.channel === 'sms' ? 'p' : 'pre', r.content));
        out.appendChild(item);
      });
    }, function (e) { statusEl.textContent = '失败：' + e.message; });
  };
  document.getElementById('sign-in').onsubmit = function (e) {
    e.preventDefault();
    var name = document.getElementById('officer-name').value.trim();
    var password = document.getElementById('officer-password');
    fetch('/api/v1/admin/sessions', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: name, password: password.value })
    }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw new Error(body.message || res.status);
        return body;
      });
    }).then(function (s) {
      signedIn = s.token;
      password.value = '';
      var who = document.getElementById('officer');
      who.textContent = '已登录：' + s.name + '（30 分钟不操作自动退出；关闭或刷新本页即退出）';
      var out = el('button', '退出登录', { type: 'button', id: 'sign-out' });
      out.onclick = function () {
        api('DELETE', '/api/v1/admin/sessions/current').then(function () {
          signedIn = null;
          who.textContent = '已退出登录';
        }, function (e) { statusEl.textContent = '退出失败：' + e.message; });
      };
      who.appendChild(document.createTextNode(' '));
      who.appendChild(out);
      load();
    }, function (err) { statusEl.textContent = '登录失败：' + err.message; });
  };
  document.getElementById('load').onclick = load;
  filter.onchange = function () { page = 1; load(); };
  if (tokenInput.value) load();
})();
"#;

/// The script with the domain's field labels, standard reasons and loss-report states in
/// front of it.
fn script_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        // Only what an officer may ask to be given again online.
        let fields: Vec<(&str, &str)> = Field::ALL
            .iter()
            .filter(|f| f.returnable())
            .map(|f| (f.as_str(), f.label()))
            .collect();
        let states: std::collections::BTreeMap<&str, &str> = ReportStatus::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect();
        let reasons: Vec<serde_json::Value> = STANDARD_REASONS
            .iter()
            .map(|r| {
                serde_json::json!({
                    "text": r.text,
                    "fields": r.fields.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
                })
            })
            .collect();
        let ended: Vec<&str> = Status::ENDED.iter().map(|s| s.as_str()).collect();
        format!(
            "var FIELDS = {};\nvar REASONS = {};\nvar REPORT_STATES = {};\nvar PAGE = {};\nvar ENDED = {};\n{JS}",
            serde_json::to_string(&fields).unwrap_or_default(),
            serde_json::to_string(&reasons).unwrap_or_default(),
            serde_json::to_string(&states).unwrap_or_default(),
            crate::officer::routes::PAGE,
            serde_json::to_string(&ended).unwrap_or_default(),
        )
    })
}

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
        script_text(),
    )
        .into_response()
}
