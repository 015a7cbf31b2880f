//! Every string a user reads, in one place, so a second language is a second module
//! and no page changes. Messages say what to do, not just what is wrong.

use reissue_domain::{DeliveryMethod, FlowStatus, Reason};
pub const SERVICE_TITLE: &str = "身份证丢失补领";
/// 首页 without index.html's shell (the server fills the shell with the province's
/// own words): what is true in every province.
pub const HOME_WHO: &str = "可在线申请补领居民身份证，邮寄到家或到办证中心领取。";
pub const HOME_REPORT_LOSS: &str =
    "身份证丢失或被盗，请先挂失，防止被他人冒用；被盗的，请先拨打110报警。挂失后再申请补领。";
pub const HOME_LOSS: &str = "挂失身份证";
pub const HOME_TRACKING: &str = "物流进度查询";
pub const HOME_START: &str = "开始办理";
pub const HOME_MINE: &str = "我的办件";
pub const HOME_TIME: &str = "约需10分钟。请在光线充足处办理。";
pub const CARE_MODE: &str = "关怀版";
pub const CARE_MODE_HINT: &str = "字体更大、按钮更大，适合长辈使用";
/// The service phone, as a button on every page.
pub const CALL_US: &str = "咨询电话";
pub const LOADING: &str = "正在加载…";
pub const BACK: &str = "返回";
pub const NEXT: &str = "下一步";
pub const RETRY: &str = "重试";
pub const TEST_BANNER: &str = "测试环境：不会发送真实短信，不会真实收费。";
pub fn session_idle(minutes: i64) -> String {
    format!("您有一段时间没有操作了。为保护您的信息，登录将在{minutes}分钟后失效。已保存的内容不会丢失；还需要时间的，请点击“继续办理”。")
}
pub fn session_at_limit(minutes: i64) -> String {
    format!("本次登录已接近时长上限，将在{minutes}分钟后失效。已保存的内容不会丢失；失效后重新验证手机号码即可接着办理。")
}
pub const SESSION_EXTEND: &str = "继续办理";
pub fn face_check_ending(minutes: i64) -> String {
    format!("人脸识别结果将在{minutes}分钟后失效，请尽快提交申请；失效后需要重新识别。")
}
pub const FACE_CHECK_ENDED: &str = "人脸识别结果已超过30分钟，提交前需要重新识别。";
/// A page's part of the app did not download (it comes on first use).
pub const CHUNK_FAILED: &str =
    "网络不稳定，页面没有加载完成。请检查网络后点击“重试”，已填写的内容不会丢失。";
/// A page's part of the app is gone: the service was updated while this page was open.
pub const CHUNK_REPLACED: &str = "服务已更新，请刷新页面后继续。已提交的内容不会丢失。";
pub const RELOAD_PAGE: &str = "刷新页面";
pub const OFFLINE_BANNER: &str = "网络连接已断开。已填写的内容不会丢失，恢复网络后请重试。";

pub fn step_caption(n: usize, total: usize) -> String {
    format!("第 {n} 步，共 {total} 步")
}

// Errors shared by every page.
pub const ERR_NETWORK: &str = "网络连接失败，请检查网络后点击“重试”。已填写的内容不会丢失。";
pub const ERR_SERVER: &str = "系统繁忙，请稍后点击“重试”。已填写的内容不会丢失。";
pub const ERR_DECODE: &str = "系统返回了无法识别的内容，请刷新页面后重试。";
pub const ERR_SIGNED_OUT: &str = "登录已过期，请重新验证手机号码。已填写的内容不会丢失。";
pub const ERR_SIGN_IN_FIRST: &str = "请先验证手机号码";
pub const ERR_NOT_FOUND: &str = "没有找到这条记录，请返回“我的办件”查看。";
pub const ERR_FIX_BELOW: &str = "请修改以下问题";
pub const ERR_RATE_LIMITED: &str = "操作太频繁，请稍后再试。";
pub const ERR_REJECTED: &str = "当前无法完成该操作，请刷新页面查看最新状态。";
pub const ERROR_SUMMARY_TITLE: &str = "请修改以下问题";
pub const ERROR_TITLE_PREFIX: &str = "错误：";
pub const ERROR_ICON_LABEL: &str = "错误";

// 业务须知
pub const NOTICE_TITLE: &str = "业务须知";
pub const NOTICE_AGREE: &str = "我已阅读并同意";
pub const NOTICE_KEY_POINTS: &str = "办理前请了解";
pub const NOTICE_MORE: &str = "详细说明（点击展开）";
/// The notice's third key point, from the profile's fees and working days. A province
/// whose sources name no EMS fee charges none here, and the notice then names none.
pub fn cost_and_time(fees: &reissue_domain::Fees, days: &reissue_domain::WorkingDays) -> String {
    let ems = match fees.ems_fee_fen {
        0 => String::new(),
        fen => format!("，邮寄到家另加{}", yuan(fen)),
    };
    format!(
        "费用和时间：工本费{}{ems}，审核通过后再缴费；审核{}–{}个工作日，制证{}–{}个工作日。",
        yuan(fees.card_fee_fen),
        days.review.0,
        days.review.1,
        days.production.0,
        days.production.1
    )
}
pub const NOTICE_MUST_AGREE: &str = "请阅读业务须知，并勾选“我已阅读并同意”";

// 能否在线办理
pub const ELIGIBILITY_TITLE: &str = "能否在线办理";
pub const ELIGIBILITY_INTRO: &str =
    "先回答3个问题，马上告诉您能否在手机上办理。回答前不会发送短信。";
pub const BIRTH_DATE: &str = "出生日期";
pub const BIRTH_DATE_HINT: &str = "与户口本上的出生日期一致";
pub const STOLEN_ADVICE: &str = "身份证被盗的，请先拨打110报警。";
pub const WINDOW_TITLE: &str = "请到办证中心窗口办理";
pub const WINDOW_WHY: &str = "您暂时不能在线办理，原因是：";
pub const WINDOW_UNKNOWN: &str = "根据您的回答，需要到办证中心窗口办理。";
pub const WINDOW_BRING: &str = "请携带";
pub const WINDOW_OFFICES: &str = "可以去的办证中心";
pub const WINDOW_OFFICES_HERE: &str = "住在本地的，可以到这些办证中心申请异地补领";
pub const WINDOW_CHANGE: &str = "回答有误，重新回答";
pub const WINDOW_NO_SMS: &str = "我们没有发送短信，也没有保存您的回答。";

// 手机验证
pub const PHONE_TITLE: &str = "手机验证";
pub const PHONE_LABEL: &str = "手机号码";
pub const PHONE_HINT: &str = "用于接收验证码和办理进度短信";
pub const CODE_LABEL: &str = "验证码";
pub const CODE_HINT: &str = "6位数字，5分钟内有效";
pub const GET_CODE: &str = "获取验证码";
pub fn code_countdown(seconds: u32) -> String {
    format!("{seconds}秒后可重新获取")
}
pub fn code_sent(phone_masked: &str) -> String {
    format!("验证码已发送至 {phone_masked}")
}
pub fn dev_code(code: &str) -> String {
    format!("测试环境验证码：{code}")
}
pub const HUMAN_CHECK_LABEL: &str = "安全验证：把滑块拖到最右边";
pub const HUMAN_CHECK_HINT: &str = "拖到最右边后会自动重新发送验证码。用键盘时，按“End”键即可。";
pub const CODE_NEEDED_FIRST: &str = "请先点击“获取验证码”";

// 填写信息
pub const FORM_TITLE: &str = "填写信息";
pub const NAME_HINT: &str = "与户口本上的姓名一致";
pub const ID_HINT: &str = "18位，最后一位可能是字母X";
pub const HUKOU_HINT: &str = "户口本首页上的户籍地址";
pub const PROVINCE: &str = "省";
pub const CITY: &str = "市";
pub const DISTRICT: &str = "区/县";
pub const CHOOSE: &str = "请选择";
pub const REASON_LOST: &str = "丢失";
pub const REASON_STOLEN: &str = "被盗";
pub const PICKUP: &str = "到办证中心自取";
pub const EMS: &str = "邮寄到家";
pub const REGIONS_FAILED: &str = "地区列表加载失败，请检查网络后点击“重试”。";
pub const ADDRESS_HINT: &str = "街道、小区、楼栋、门牌号";
pub const POSTCODE_HINT: &str = "选填，6位数字";
pub const ID_LOCKED_HINT: &str = "已核验，无需修改";
/// 填写信息 opened from 核对信息: the button says where it leads.
pub const SAVE_AND_REVIEW: &str = "保存并返回核对";

// 上传户口本
pub const PHOTOS_TITLE: &str = "上传户口本";
pub const PHOTOS_INTRO: &str = "请拍摄户口本原件，四角完整、字迹清晰、无反光。";
pub const GUARDIAN_PROOF_TITLE: &str = "上传监护关系证明";
pub const GUARDIAN_PROOF_INTRO: &str =
    "您在为孩子代为申请：请拍摄监护关系证明原件，四角完整、字迹清晰、无反光。";
pub const PHOTO_EXAMPLES: &str = "拍摄示例";
pub const EXAMPLE_RIGHT: &str = "正确示例";
pub const EXAMPLE_WRONG: &str = "错误示例";
pub const EXAMPLE_GOOD: &str = "完整清晰";
pub const EXAMPLE_CROPPED: &str = "缺角";
pub const EXAMPLE_BLURRY: &str = "模糊";
pub const EXAMPLE_GLARE: &str = "反光";
pub const SLOT_HOME: &str = "户口本首页";
pub const SLOT_SELF: &str = "户口本本人页";
pub const SLOT_GUARDIAN: &str = "监护关系证明";
pub const SLOT_GUARDIAN_EXAMPLE: &str =
    "示例：户口本上同时印有监护人和孩子的页面（如户主页和孩子的本人页），或孩子的出生医学证明。";
pub const SLOT_GUARDIAN_PICTURE: &str =
    "出生医学证明或户口本页面示意图：父母姓名、孩子姓名和出生日期要拍清楚";
pub const SLOT_HOME_EXAMPLE: &str =
    "示例：印有“常住人口登记表”户主页之前的首页，含户号、住址和登记机关印章。";
pub const SLOT_SELF_EXAMPLE: &str = "示例：印有您姓名和公民身份号码的那一页。";
pub const SLOT_HOME_PICTURE: &str =
    "户口本首页示意图：标出了户号、住址和登记机关印章，这三处都要拍清楚";
pub const SLOT_SELF_PICTURE: &str =
    "户口本本人页示意图：标出了您的姓名和公民身份号码，这一页要四角拍全";
pub const PHOTO_HELP_TITLE: &str = "户口本不在身边／集体户口怎么办？";
pub const PHOTO_HELP: [&str; 3] = [
    "户口本不在身边：可以请家人把首页和本人页分别拍清楚发给您，再点“从相册选择”上传。照片要四角完整、字迹清楚、没有反光。",
    "集体户口：首页上传集体户口的首页（由单位、学校或人才服务机构保管，可请他们拍照发给您），本人页上传您本人的那一页。",
    "实在拿不到户口本的：先到户籍所在地开具《户籍证明》，把证明拍清楚，在“户口本首页”和“户口本本人页”两处都上传这张证明，工作人员会据此审核。",
];
pub const TAKE_PHOTO: &str = "拍照";
pub const FROM_ALBUM: &str = "从相册选择";
pub const RETAKE: &str = "重拍";
pub const DELETE: &str = "删除";
pub const CANCEL: &str = "取消";
pub const UPLOADING: &str = "正在上传";
pub const UPLOADED: &str = "已上传。可以重拍，提交前都能更换";
pub const PHOTO_MISSING: &str = "请上传这一页的照片";
pub const UPLOAD_CANCELLED: &str = "已取消上传。";
pub const UPLOAD_FAILED: &str = "上传失败，请检查网络后点击“重试”，无需重新选择照片。";

// 挂失
pub const APPOINTMENT_NAME: &str = "办证人姓名";
pub const APPOINTMENT_WHO: &str = "办证人";
pub const APPOINTMENT_ID: &str = "办证人公民身份号码";
pub const LOSS_TITLE: &str = "挂失身份证";
pub const LOSS_INTRO: &str =
    "挂失后，这张身份证不能再被使用。免费办理，提交后立即生效。找回后、补领的新证制作前，可以解除挂失。";
pub const LOSS_FOUND_AGAIN: &str = "找回了？";
pub const LOSS_WHO: &str =
    "挂失须本人办理。请先填写身份证上的姓名和号码，再进行人脸识别确认是本人。";
pub const LOSS_VERIFIED_AS: &str = "已确认是本人：";
pub const VERIFY_PERSON_WHY: &str =
    "为防止他人冒用您的身份证号码办理，这项操作须本人完成人脸识别。识别通过后 30 分钟内可继续操作。";
pub const VERIFY_PERSON_BUTTON: &str = "人脸识别，确认是本人";
pub const IDENTITY_FAILED: &str = "人脸识别没有通过，没有办理任何业务。";
pub const IDENTITY_BACK: &str = "返回重新识别";
pub const LOSS_SIGN_IN: &str = "挂失需要先验证手机号，挂失回执和办理进度会发到这个手机上。";
pub const LOSS_KIND: &str = "丢失还是被盗";
pub const LOSS_LOST_ON: &str = "大约什么时候丢失";
pub const LOSS_PLACE: &str = "大约在哪里丢失";
pub const LOSS_PLACE_HINT: &str = "如“地铁2号线”“某某商场附近”，记不清可写大概范围";
pub const LOSS_DESCRIPTION: &str = "情况说明（选填）";
pub const LOSS_POLICE: &str = "报警回执号（选填）";
pub const LOSS_POLICE_HINT: &str = "报警后拿到的回执上有；还没有可以先不填";
pub const LOSS_SUBMIT: &str = "确认挂失";
pub const LOSS_DONE: &str = "挂失成功";
pub const LOSS_NUMBER: &str = "挂失回执号";
pub const LOSS_AT: &str = "挂失时间";
pub const LOSS_STATUS: &str = "状态";
pub const LOSS_CARD: &str = "挂失的身份证";
pub const LOSS_NEXT: &str = "挂失后，请尽快申请补领新证。";
pub const LOSS_APPLY: &str = "申请补领";
pub const LOSS_MINE: &str = "我的挂失";
pub const LOSS_WITHDRAW: &str = "解除挂失";
pub const LOSS_WITHDRAW_CONFIRM: &str =
    "确认身份证已经找回了吗？解除挂失后，这张身份证可以继续使用，也可能被他人冒用，请妥善保管。";
pub const LOSS_WITHDRAW_YES: &str = "已找回，解除挂失";
pub const LOSS_WITHDRAW_BOTH: &str = "同时撤回补领申请并解除挂失";
pub const LOSS_KEEP: &str = "暂不解除";
// 挂失 from the reissue: offered on 核对信息 when the card is not reported yet.
pub const LOSS_FOR_APP: &str = "原证挂失";
pub const LOSS_NOT_YET: &str =
    "这张身份证还没有挂失。挂失免费、立即生效，挂失后他人无法冒用。已填写的姓名、身份号码和补领原因会带过去，挂失后回到这里继续。";
pub const LOSS_REPORT_FIRST: &str = "先挂失（免费）";
pub const LOSS_BACK_TO_REVIEW: &str = "回到核对信息，继续补领";
pub const LOSS_RECEIPT: &str = "挂失回执";
pub const LOSS_RECEIPT_LINK: &str = "查看挂失回执";
pub const LOSS_KIND_LABEL: &str = "挂失类型";
pub const LOSS_POLICE_NUMBER: &str = "报警回执号";
pub const LOSS_CHANNEL: &str = "受理方式";
pub const LOSS_HOLDER: &str = "持证人";
pub const LOSS_WHEN: &str = "时间";
pub const LOSS_WHERE: &str = "地点";
pub const LOSS_RECEIPT_KEEP: &str =
    "请保存本回执，以备查询或补领时使用。挂失期间，这张身份证不能再用来证明身份；找回后可以解除挂失。";
pub const LOSS_RECEIPT_NONE: &str = "没有找到这份挂失。挂失回执只能由挂失时验证的手机查看。";
pub const KEEP_PRINT: &str = "打印";
pub const KEEP_OR_SCREENSHOT: &str = "也可以截屏保存在手机上。";
pub const KEEP_SCREENSHOT: &str =
    "微信里不能直接打印：请截屏保存本页，或点右上角“…”在浏览器中打开后打印。";
pub const POLICE_RECEIPT_HINT: &str =
    "报警后拿到的回执上有；还没有可以先不填，挂失时填过的会自动带上";

// 监护人代为申请
pub const GUARDIAN_TITLE: &str = "监护人信息";
pub const GUARDIAN_INTRO: &str =
    "申请人未满16周岁，由父母或其他监护人代为申请：请填写监护人本人的信息，并在下一步上传监护关系证明。人脸识别由监护人本人进行，领证时也由监护人携带本人身份证领取。";
pub const GUARDIAN_LIVENESS: &str = "申请人未满16周岁：请监护人本人进行人脸识别。";
pub const GUARDIAN_PICKUP: &str =
    "由监护人携带本人身份证、领证凭证和监护关系证明，在办公时间内到办证中心领取。";

// 消息
pub const MESSAGES_TITLE: &str = "消息";
pub const MESSAGES_EMPTY: &str =
    "还没有消息。审核、缴费、制证、寄出或可领取时，会在这里和短信里通知您。";
pub const MESSAGES_UNREAD: &str = "未读";
pub const MESSAGES_OPEN: &str = "查看办件";
pub const MESSAGES_SIGN_IN: &str = "查看消息需要先验证手机号。";

/// "消息（2 条未读）" / "消息".
pub fn messages_link(unread: u32) -> String {
    match unread {
        0 => MESSAGES_TITLE.to_string(),
        n => format!("{MESSAGES_TITLE}（{n} 条未读）"),
    }
}

// 委托领取 and 领证凭证
pub const DELEGATE_TITLE: &str = "委托他人领取";
pub const DELEGATE_INTRO: &str =
    "自己不能到办证中心的，可以委托他人代领。受托人领取时要带上本人身份证、您的领证凭证（证件制好后在本页出示）和委托授权书，并说出核验码。受托人会收到一条带授权书编号的短信。";
pub const DELEGATE_NAME: &str = "受托人姓名";
pub const DELEGATE_ID: &str = "受托人公民身份号码";
pub const DELEGATE_PHONE: &str = "受托人手机号码";
pub const DELEGATE_PHONE_HINT: &str = "授权书编号会发到这个手机上";
pub const DELEGATE_SUBMIT: &str = "生成委托授权书";
pub const DELEGATE_ACTIVE: &str = "已委托他人代领";
pub const DELEGATE_CODE: &str = "核验码";
pub const DELEGATE_CODE_HINT: &str =
    "请当面或电话告诉受托人，不要发到群里。窗口会核对这 6 位数字。";
pub const DELEGATE_CODE_ONCE: &str =
    "核验码只在委托时显示一次。如果忘记了，可以撤销这份委托，再重新委托。";
pub const DELEGATE_VALID_UNTIL: &str = "有效期至";
pub const DELEGATE_VIEW: &str = "查看委托授权书";
pub const DELEGATE_REVOKE: &str = "撤销委托";
pub const DELEGATE_REVOKE_CONFIRM: &str = "撤销后，受托人不能再凭这份授权书代领。确认撤销吗？";
pub const DELEGATE_REVOKE_YES: &str = "确认撤销";
pub const DELEGATE_KEEP: &str = "不撤销";
pub const DELEGATE_ENDED: &str = "上一份委托";
pub const AUTH_TITLE: &str = "委托授权书";
pub const AUTH_NUMBER: &str = "授权书编号";
pub const AUTH_PRINCIPAL: &str = "委托人";
pub const AUTH_AGENT: &str = "受托人";
pub const AUTH_MATTER: &str = "委托事项";
pub const AUTH_PLACE: &str = "领取地点";
pub const AUTH_QR_ALT: &str = "授权书编号二维码";
pub const AUTH_NONE: &str = "这份申请现在没有有效的委托。";
pub const AUTH_BRING: &str =
    "受托人领取时请携带：本人居民身份证原件、申请人的领证凭证和本授权书（纸质或手机出示），并说出核验码。";
pub const VOUCHER_TITLE: &str = "领证凭证";
pub const VOUCHER_NUMBER: &str = "凭证号";
pub const VOUCHER_QR_ALT: &str = "领证凭证二维码";
pub const VOUCHER_HINT: &str =
    "到窗口出示这个二维码或凭证号。委托他人代领的，受托人带上本人居民身份证、这张领证凭证和委托授权书。";
pub const OTHER_SIGNER_HINT: &str = "选填。收件人不在时，投递员先打电话向您确认，再交给这个人签收";

/// 《委托授权书》's matter, in the words the office uses.
pub fn authorization_matter(number: &str) -> String {
    format!("代为领取居民身份证（补领，申请编号 {number}）")
}

// 临时居民身份证
pub const TEMP_CARD_WANTED: &str = "需要，同时申领临时居民身份证";
pub const TEMP_CARD_NOT_WANTED: &str = "不需要";
pub const TEMP_CARD_FEE: &str = "临时身份证工本费";
pub const TEMP_CARD_STATUS: &str = "临时居民身份证";
pub const TEMP_CARD_READY_BY: &str = "预计可领取";
pub const TEMP_CARD_UNPAID: &str = "缴费后开始加急制作";

/// What the temporary card costs, how soon, and where it is made.
pub fn temporary_card_hint(fee_fen: u32, days: u16, offices: &[String]) -> String {
    format!(
        "新证制作期间乘车、住宿、办业务可以用。工本费 {}，和补领费用一起缴纳；缴费后 {days} 个工作日内可到所选办证中心领取。办理加急的办证中心：{}。",
        yuan(fee_fen),
        offices.join("、")
    )
}

// 急需用证怎么办
pub const URGENT_TITLE: &str = "急需用证怎么办";
pub const URGENT_LINK: &str = "急需用证怎么办？";
/// How long the new card takes here, from payment to made (the profile's working days).
pub fn urgent_intro(days: &reissue_domain::WorkingDays) -> String {
    format!(
        "新证缴费后一般要 {} 到 {} 个工作日制好。这期间要坐车、坐飞机或办业务，可以这样办：",
        days.production.0, days.production.1
    )
}
pub const URGENT_TRAIN: &str = "坐火车";
pub const URGENT_TRAIN_TEXT: &str =
    "到火车站的临时身份证明办理点（一般在进站口附近的公安制证窗口），开具临时乘车身份证明，现场核验人脸，当次乘车有效（一般为 1 天）。";
pub const URGENT_PLANE: &str = "坐飞机";
pub const URGENT_PLANE_TEXT: &str =
    "到机场的临时身份证明办理点（一般在值机区附近，由机场公安办理），开具临时乘机证明，现场拍照核验，当天有效。请预留至少 30 分钟。";
pub const URGENT_LONGER: &str = "住宿、银行等需要较长时间用证";
/// Where the province makes 临时居民身份证 with the reissue: its fee and how soon.
pub fn urgent_temporary_card(rules: &reissue_domain::TemporaryCardRules) -> String {
    format!(
        "申领临时居民身份证，有效期 3 个月，工本费{}。申请补领时选择到办证中心领取，可以同时申领，缴费后 {} 个工作日内领取；也可以到办证中心窗口申领。",
        yuan(rules.fee_fen),
        rules.ready_within_working_days
    )
}
/// Where it does not say it does: ask, rather than promise a card it may not make.
pub fn urgent_ask(phone: &str) -> String {
    format!("新证制好前需要较长时间用证的，请拨打咨询电话 {phone}，问清办证中心能否为您办理临时证件和要带的材料。")
}
pub const URGENT_BRING: &str = "要带什么";
pub const URGENT_BRING_TEXT: &str =
    "本人到场，记住自己的公民身份号码。在车站、机场一般现场核验人脸即可。";
pub const URGENT_BRING_TEMPORARY: &str = "领取临时居民身份证时带上户口本。";
pub const URGENT_STOLEN: &str = "担心被人冒用的，先挂失，再补领。";

// 证件照片
pub const CARD_PHOTO_TITLE: &str = "证件照片";
pub const CARD_PHOTO_INTRO: &str = "新身份证上印的照片。请选择照片来源。";
pub const CARD_PHOTO_SOURCE: &str = "照片来源";
pub const CARD_PHOTO_SOURCE_MISSING: &str = "请选择照片来源";
pub const SOURCE_ON_RECORD: &str = "用上次办证时的照片";
pub const SOURCE_RECEIPT: &str = "填写相片采集回执号";
pub const SOURCE_CAMERA: &str = "现在用手机拍摄";
pub const RECEIPT_TITLE: &str = "数字相片采集回执";
pub const RECEIPT_LABEL: &str = "回执号（图像号）";
pub const RECEIPT_HINT: &str = "照相馆拍照后给的回执上印有，12到20位字母或数字";
pub const ON_RECORD_ALT: &str = "上次办证时的照片";
pub fn on_record_taken(date: &str) -> String {
    format!("拍摄于 {date}")
}
pub const ON_RECORD_CONFIRM: &str = "照片中是我本人";
pub const ON_RECORD_MUST_CONFIRM: &str = "请确认照片中是您本人；不是本人的，请选择其他照片来源";
pub const NO_ON_RECORD: &str = "没有可以用于新证的上次办证照片，请选择其他方式。";
pub const CAMERA_SLOT: &str = "本人证件照";
pub const CAMERA_EXAMPLE: &str = "请别人用手机后置摄像头帮您拍摄，切勿自拍。";
pub const CAMERA_GUIDE: [&str; 5] = [
    "正面免冠，双眼睁开平视镜头，不戴眼镜、帽子和首饰",
    "白色或浅色纯色背景，身后没有人和杂物",
    "光线均匀，脸上没有阴影和反光",
    "头部和双肩完整在画面中间，露出眉毛和耳朵",
    "不要美颜、滤镜，不要翻拍照片",
];
pub const CAMERA_GUIDE_TITLE: &str = "拍摄要求";
pub const CAMERA_NOT_YET: &str = "请先拍摄并上传证件照";
pub const CHECKING_REGISTER: &str = "正在查询户籍信息…";

// 能否在线办理（户籍信息）
pub const REGISTER_NOT_ONLINE: &str = "根据户籍信息，您暂时不能在线办理：";
pub const BOOK_WINDOW: &str = "预约窗口办理";

// 预约窗口办理
pub const APPOINTMENT_TITLE: &str = "预约窗口办理";
pub const APPOINTMENT_INTRO: &str =
    "选择办证中心、日期和时间段，到时携带所需材料到窗口办理，不用排长队。";
pub const APPOINTMENT_SIGN_IN: &str = "预约需要先验证手机号，预约结果和提醒会发到这个手机上。";
pub const APPOINTMENT_SIGN_IN_BUTTON: &str = "验证手机号";
pub const APPOINTMENT_OFFICE: &str = "办证中心";
pub const APPOINTMENT_DATE: &str = "日期";
pub const APPOINTMENT_SLOT: &str = "时间段";
pub const APPOINTMENT_CHOOSE_OFFICE_FIRST: &str = "请先选择办证中心";
pub const APPOINTMENT_NO_DAYS: &str = "这个办证中心近期没有可预约的时间，请选择其他办证中心。";
pub fn places_left(slot: &str, left: u8) -> String {
    match left {
        0 => format!("{slot}（已约满）"),
        n => format!("{slot}（余 {n} 个）"),
    }
}
pub const APPOINTMENT_BOOK: &str = "确认预约";
pub const APPOINTMENT_MOVE: &str = "确认改约";
pub const APPOINTMENT_BOOKED: &str = "预约成功";
pub const APPOINTMENT_MINE: &str = "我的预约";
pub const APPOINTMENT_NUMBER: &str = "预约号";
pub const APPOINTMENT_WHEN: &str = "时间";
pub const APPOINTMENT_CHANGE: &str = "改约";
pub const APPOINTMENT_CANCEL: &str = "取消预约";
pub const APPOINTMENT_CANCEL_CONFIRM: &str =
    "确定取消这个预约吗？取消后这个时间段会让给别人，需要时可以重新预约。";
pub const APPOINTMENT_CANCELLED: &str = "已取消";
pub const APPOINTMENT_BOOKED_BADGE: &str = "已预约";
pub const APPOINTMENT_KEEP: &str = "不取消";
pub const APPOINTMENT_NEW: &str = "重新预约";
pub const APPOINTMENT_ARRIVE: &str = "请提前10分钟到达，凭预约号和本人身份证明在窗口办理。";

// 人脸识别
pub const LIVENESS_TITLE: &str = "人脸识别";
pub const LIVENESS_CONSENT: &str = "我同意采集人脸信息用于本人身份核验";
pub const LIVENESS_CONSENT_DETAIL: &str =
    "人脸信息仅用于本次补领的身份核验，由公安机关依法保管，核验后不用于其他用途。";
pub const LIVENESS_ALTERNATIVE: &str = "不同意也可以：请携带户口本到就近的办证中心窗口办理。";
pub const LIVENESS_TIPS: [&str; 3] = [
    "在光线充足处，正对手机",
    "摘下眼镜、帽子，露出五官",
    "按提示完成眨眼、点头、张嘴",
];
pub const LIVENESS_START: &str = "开始人脸识别";
pub const LIVENESS_MUST_CONSENT: &str = "请勾选“我同意采集人脸信息用于本人身份核验”";
pub const LIVENESS_CHECKING: &str = "正在确认识别结果…";
pub const LIVENESS_PASSED: &str = "人脸识别已通过";
pub const LIVENESS_PASSED_VALID: &str = "30分钟内提交申请有效，无需再次识别。";
pub const LIVENESS_CANCELLED: &str = "您已取消人脸识别，可重新开始。";
pub const LIVENESS_EXPIRED: &str = "识别已超时，请重新开始人脸识别。";
pub fn liveness_failed(left: u8) -> String {
    format!("人脸识别未通过。请在光线充足处正对手机、摘下眼镜后重试，还可尝试 {left} 次。")
}
pub const LIVENESS_NO_ATTEMPTS: &str = "人脸识别次数已用完。请携带户口本到就近的办证中心窗口办理。";

// 核对信息
pub const REVIEW_TITLE: &str = "核对信息";
pub const CHANGE: &str = "修改";
/// 核对信息: an optional answer left empty.
pub const NOT_GIVEN: &str = "未填写";
pub const GROUP_APPLICANT: &str = "申请人";
pub const GROUP_DELIVERY: &str = "领取方式";
pub const GROUP_MATERIALS: &str = "材料与核验";
pub const FEES: &str = "费用";
pub const CARD_FEE: &str = "工本费";
pub const EMS_FEE: &str = "邮寄费";
pub const TOTAL: &str = "合计";
pub const FEE_PAY_LATER: &str = "审核通过后再缴费。";
pub const PROMISE: &str = "本人承诺所填信息真实有效";
pub const PROMISE_NEEDED: &str = "请勾选“本人承诺所填信息真实有效”";
pub const SUBMIT: &str = "提交申请";
pub const RESUBMIT: &str = "重新提交";
pub const SUBMITTING: &str = "正在提交…";
pub const PHOTO_DONE: &str = "已上传";
pub const LIVENESS_DONE: &str = "已通过";

// 提交成功
pub const DONE_TITLE: &str = "提交成功";
pub const APP_NUMBER: &str = "申请编号";
pub const COPY: &str = "复制";
pub const COPIED: &str = "已复制";
/// 提交成功's "接下来", from the profile's working days.
pub fn done_next(days: &reissue_domain::WorkingDays) -> [String; 3] {
    [
        format!(
            "审核：{}–{}个工作日，结果以短信通知。",
            days.review.0, days.review.1
        ),
        "审核通过后，在“我的办件”中缴费。".to_string(),
        format!(
            "制证：缴费后{}–{}个工作日，按您选择的方式邮寄或到办证中心领取。",
            days.production.0, days.production.1
        ),
    ]
}
pub const SERVICE_PHONE: &str = "咨询电话";
pub const VIEW_PROGRESS: &str = "查看办理进度";
pub const BACK_HOME: &str = "返回首页";

// 我的办件
pub const MINE_TITLE: &str = "我的办件";
pub const MINE_EMPTY: &str = "您还没有补领申请。";
pub const DETAIL_TITLE: &str = "办件详情";
pub const SUBMITTED_AT: &str = "提交时间";
pub const PAY: &str = "去缴费";
pub const FIX_AND_RESUBMIT: &str = "修改并重新提交";
pub const TRACK: &str = "查看物流";
pub const REJECT_REASON: &str = "未通过原因";
pub const FIELDS_TO_FIX: &str = "需要修改";
pub const TRACKING_NUMBER: &str = "EMS运单号";
pub const PICKUP_AT: &str = "领取地点";
pub const HOURS: &str = "办公时间";
pub const WAIT: &str = "请耐心等待，办理进度将以短信通知。";
pub const WITHDRAW: &str = "撤回申请";
pub const WITHDRAW_CONFIRM: &str =
    "撤回后本次申请作废，审核不再进行；需要时可以重新申请。确定撤回吗？";
pub const WITHDRAW_YES: &str = "确定撤回";
pub const WITHDRAWN: &str = "申请已撤回，不会再审核或收费。需要时可以重新申请。";
pub const EXPIRED: &str =
    "审核通过后没有在期限内缴费，办件已关闭，没有收取任何费用。如仍需补领，请重新申请。";

/// When an approval closes unpaid, under the amount to pay.
pub fn pay_by(at: &str) -> String {
    format!("请在 {at} 前缴费，逾期办件将关闭，需要重新申请。")
}
pub const WITHDRAW_NO: &str = "不撤回";
pub const WITHDRAW_HINT: &str = "审核开始前可以撤回。";
pub const PROGRESS: &str = "办理进度";
pub const HISTORY: &str = "办理记录";
pub const STAGE_DONE: &str = "已完成";
pub const STAGE_NOW: &str = "进行中";
pub const STAGE_YOURS: &str = "等您办理";
pub const STAGE_TO_COME: &str = "未开始";
pub const ESTIMATE_NOTE: &str = "预计时间按工作日估算，遇法定节假日顺延。";
pub fn expected_by(d: reissue_domain::date::Date) -> String {
    format!("预计{}月{}日前完成", d.month, d.day)
}
pub fn takes_days((least, most): (u16, u16)) -> String {
    format!("约{least}–{most}个工作日")
}
pub fn stage_name(s: reissue_domain::progress::Stage) -> &'static str {
    use reissue_domain::progress::Stage;
    match s {
        Stage::Submit => "提交申请",
        Stage::Review => "审核",
        Stage::Pay => "缴费",
        Stage::Produce => "制证",
        Stage::Post => "邮寄到家",
        Stage::Collect => "到办证中心领取",
    }
}
pub const PAY_NOW: &str = "审核已通过，请缴费后进入制证。";
pub const FIX_NOW: &str = "请按下面的原因修改后重新提交。";
pub const FEE_STATUS: &str = "缴费状态";
pub const FEE_PAID: &str = "已缴费";
pub const FEE_UNPAID: &str = "未缴费";
pub const RECEIPT: &str = "缴费凭证";
pub const PAID_AT: &str = "缴费时间";
pub const AMOUNT: &str = "金额";
pub const EMS_PHONE: &str = "EMS客服电话";
pub const EMS_PHONE_NUMBER: &str = "11183";
pub const RETURNED_LEAD: &str =
    "EMS 未能投递您的证件，已退回办证中心。请本人带上下面的领证凭证，在办公时间内到下面的办证中心领取。";
pub const SIGN_REQUEST_TITLE: &str = "有人请求代您签收";
pub fn sign_request_question(signer: &str) -> String {
    format!("投递员到达时您不在，{signer} 请求代您签收新身份证。您认识并同意由这个人代为签收吗？")
}
pub const SIGN_REQUEST_NO_HINT: &str =
    "不同意的，证件将退回办证中心，由您本人带上领证凭证领取。确认前请先与投递员或这个人核实。";
pub const SIGN_APPROVE: &str = "同意由这个人代签收";
pub const SIGN_DECLINE: &str = "不同意，退回办证中心";
pub const SIGN_APPROVED: &str = "已同意代签收，证件已交给代签收人。";
pub const SIGN_DECLINED: &str = "已拒绝代签收，证件将退回办证中心，请带上领证凭证领取。";
pub const VOUCHER_FOR_SIGNING: &str =
    "不持有或不方便使用智能手机的，签收时向投递员出示这张领证凭证即可（可截屏保存或打印）。";
pub const PHOTO_ORDER_TITLE: &str = "没有回执？在线申请（免费）";
pub const PHOTO_ORDER_INTRO: &str =
    "上传一张本人正面免冠照片，检测中心人工审核通过后出具数字相片采集回执，回执号会自动填入上方。办证城市就是您户籍所在的城市。";
pub const PHOTO_ORDER_SLOT: &str = "本人正面免冠照片";
pub const PHOTO_ORDER_SUBMIT: &str = "提交检测中心审核";
pub const PHOTO_ORDER_HOW: &str =
    "人工审核一般几分钟内完成（演示环境约 2 分钟），结果会发到“消息”。审核未通过可以免费重新提交。";
pub const PHOTO_ORDER_REFUSED: &str = "照片未通过人工审核：";
pub const PHOTO_ORDER_AGAIN: &str = "请按提示重新拍照后再提交，重新提交免费。";
pub fn photo_order_reviewing(number: &str, city: &str) -> String {
    format!("照片已提交，检测中心正在人工审核（订单号 {number}，办证城市 {city}）。审核通过后回执号会自动填入，您可以先留在本页或稍后从“消息”回来。")
}
pub fn photo_order_issued(receipt: &str, city: &str) -> String {
    format!("回执已出具：回执号 {receipt}（办证城市 {city}），已填入上方，点“下一步”继续。")
}
pub const PICKUP_BRING: &str = "请本人带上下面的领证凭证，在办公时间内到办证中心领取。";
pub const PAYMENT_RESULT: &str = "缴费结果";
pub const PAYMENT_RECEIPT_WHERE: &str = "缴费凭证可在“我的办件”的办件详情中查看。";
pub const PAYMENT_CHECKING: &str = "正在确认支付结果…";
pub const PAYMENT_DONE: &str = "缴费成功，证件将进入制作。";
pub const PAYMENT_CANCELLED: &str = "您已取消支付，可重新点击“去缴费”。";
pub const PAYMENT_FAILED: &str = "支付未完成，请重新点击“去缴费”。";
pub const PAYMENT_EXPIRED: &str = "支付已超时，请重新点击“去缴费”。";
pub const PAYMENT_PENDING: &str =
    "支付结果确认中，请勿重复支付。稍后在“我的办件”查看，如已扣款会自动更新。";
pub const SIGN_OUT: &str = "退出登录（所有设备）";
pub const RETURN_LOST: &str = "没有找到这次操作，请重新开始。";

pub const NOT_FOUND_TITLE: &str = "页面不存在";
pub const NOT_FOUND_BODY: &str = "您打开的地址有误，请从首页重新进入。";

/// Money for people, written one way on both sides (the domain's formatter).
pub use reissue_domain::submission::yuan;

/// Who took the report, as its 回执 says: the province's police, online.
pub fn loss_channel(province: &str) -> String {
    format!("{province}公安机关网上受理")
}

pub fn reason(r: Reason) -> &'static str {
    match r {
        Reason::Lost => REASON_LOST,
        Reason::Stolen => REASON_STOLEN,
    }
}

pub fn delivery(d: DeliveryMethod) -> &'static str {
    match d {
        DeliveryMethod::Pickup => PICKUP,
        DeliveryMethod::Ems => EMS,
    }
}

pub const FIX_ONLY_ASKED: &str = "只需修改下面这几项，其他信息按原申请办理，可在“核对信息”页查看。";

// Photos: the checks run on the phone before anything is uploaded.
pub const PHOTO_CHECKING: &str = "正在检查照片…";
// What each check found: reissue_domain::photo::Problem::message.
pub const PHOTO_UNREADABLE: &str = "无法读取这张照片，请重新拍摄或选择 JPG/PNG 格式的照片。";
pub const PHOTO_UNAVAILABLE: &str =
    "网络不稳定，照片没能检查。请检查网络后重新选择照片，已填写的内容不会丢失。";
pub const PHOTO_UPLOAD_ANYWAY: &str = "仍然上传";
pub const PHOTO_UPLOAD_ANYWAY_HINT: &str = "如确认照片清晰可辨，可仍然上传，由工作人员审核。";
pub const PHOTO_CANNOT_OVERRIDE: &str = "这张照片无法使用，请重拍。";

// 物流进度查询
pub const TRACKING_TITLE: &str = "物流进度查询";
pub const TRACKING_INTRO: &str =
    "输入办理身份证时填写的收件人手机号码，用短信验证码确认后，就能看到寄往这个号码的身份证邮件。不需要申请编号，也不需要登录。";
pub const TRACKING_PHONE_LABEL: &str = "收件人手机号码";
pub const TRACKING_PHONE_HINT: &str = "办理时填写的“收件人电话”";
pub const TRACKING_SUBMIT: &str = "查询";
pub const TRACKING_AGAIN: &str = "再查一次";
pub const TRACKING_AGAIN_HINT: &str = "验证码只能用一次，再次查询需要重新获取验证码。";
/// No parcel yet: when one can be expected here (the profile's production days).
pub fn tracking_none(days: &reissue_domain::WorkingDays) -> String {
    format!(
        "没有查到寄往这个号码的身份证邮件。证件制好寄出后（一般在缴费后 {} 到 {} 个工作日）才能查到；请确认号码是办理时填写的收件人电话，或拨打 EMS 客服电话 11183 咨询。",
        days.production.0, days.production.1
    )
}
pub const TRACKING_RECIPIENT: &str = "收件人";
pub const TRACKING_BY_PHONE_LINK: &str = "用收件人手机号查询物流";

/// "寄往 138****8000 的身份证邮件：2 件".
pub fn parcels_found(phone_masked: &str, n: usize) -> String {
    format!("寄往 {phone_masked} 的身份证邮件：{n} 件")
}

/// What the user reads after a payment attempt, from the server's verdict only.
pub fn payment_message(status: &FlowStatus) -> &'static str {
    match status {
        FlowStatus::Passed => PAYMENT_DONE,
        FlowStatus::Cancelled => PAYMENT_CANCELLED,
        FlowStatus::Expired => PAYMENT_EXPIRED,
        // Not yet confirmed is not "expired": paying again could charge twice.
        FlowStatus::Pending => PAYMENT_PENDING,
        FlowStatus::Failed { .. } => PAYMENT_FAILED,
    }
}
