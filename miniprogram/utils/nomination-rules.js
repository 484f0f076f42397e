// The client's copy of GET /api/v1/nominations/rules (the server's defaults): the limits, messages,
// options and labels the server enforces. Used when the server cannot be reached; the end-to-end
// test proves it equals the server's answer, so change both together.
module.exports = {
  "limits": {
    "brief_max": 100,
    "certificate_max": 10,
    "certificate_min": 1,
    "deeds_max": 800,
    "evidence_max": 500,
    "id_photo": 1,
    "image_max_bytes": 10485760,
    "image_max_pixels": 50000000,
    "pdf_max_bytes": 10485760,
    "story_max": 1800,
    "story_min": 1200,
    "work_photo": 2,
    "years_in_trade_min": 5
  },
  "messages": {
    "birth_month_range": "出生年月不在合理范围内",
    "brief_max": "简要技能业绩须在100字以内",
    "certificate_min": "请至少上传1份主要荣誉证书复印件",
    "conditions_format": "推荐条件应为1至4项，每项须写明依据（500字以内），且不重复",
    "conditions_min": "请至少选择一项推荐条件，并说明依据",
    "deeds_max": "主要事迹须在800字以内",
    "employer_org": "所选单位不存在或不能认可申报（须为用人单位或行业协会）",
    "id_photo_count": "请上传1张彩色证件照",
    "mobile_format": "请填写11位手机号码",
    "month_format": "请按“年-月”填写，例如 1985-06",
    "name_format": "请填写真实姓名（2至20个字）",
    "option": "请从给定选项中选择",
    "privacy_consent": "请阅读并同意个人信息使用说明",
    "required": "此项为必填项",
    "story_range": "事迹简介应为1200至1800字（约1500字）",
    "too_long": "字数超出上限",
    "trade_since_range": "从事本工种（专业）的起始时间不在合理范围内",
    "work_photo_count": "请上传2张工作照",
    "years_in_trade": "从事本工种（专业）须满5年"
  },
  "options": {
    "conditions": {
      "1": "具有工艺专长",
      "2": "掌握高超技能",
      "3": "体现引领作用",
      "4": "注重岗位创新"
    },
    "district": [
      "海州区",
      "连云区",
      "赣榆区",
      "东海县",
      "灌云县",
      "灌南县",
      "开发区",
      "高新区",
      "徐圩新区",
      "云台山景区"
    ],
    "education": [
      "初中及以下",
      "高中",
      "中专",
      "技工学校",
      "大专",
      "本科",
      "硕士研究生",
      "博士研究生"
    ],
    "gender": [
      "男",
      "女"
    ],
    "political_status": [
      "中共党员",
      "中共预备党员",
      "共青团员",
      "民主党派成员",
      "无党派人士",
      "群众"
    ],
    "skill_level": [
      "初级工",
      "中级工",
      "高级工",
      "技师",
      "高级技师",
      "特级技师",
      "首席技师",
      "初级职称",
      "中级职称",
      "副高级职称",
      "正高级职称",
      "其他"
    ]
  },
  "labels": {
    "awards": "何时何地受过何种奖励",
    "birth_month": "出生年月",
    "brief": "简要技能业绩",
    "career": "主要经历",
    "certificate": "主要荣誉证书复印件",
    "conditions": "推荐条件",
    "deeds": "主要事迹",
    "district": "所在县区",
    "education": "学历",
    "employer_name": "工作单位",
    "employer_org_id": "工作单位（组织）",
    "gender": "性别",
    "id_photo": "彩色证件照",
    "mobile": "联系方式（手机）",
    "name": "姓名",
    "political_status": "政治面貌",
    "post": "工作岗位（职务）",
    "privacy_consent": "个人信息使用同意",
    "skill_level": "技能等级",
    "story": "事迹简介",
    "trade": "工种（专业）",
    "trade_since": "从事本工种（专业）工作时间",
    "work_photo": "工作照"
  },
  "consent_text": "本人同意连云港市总工会为“身边的港城工匠”选树活动收集、使用本表所填个人信息。手机号码、出生年月、政治面貌仅用于审核与联系，不会公开；姓名、照片、工作单位、岗位、工种、技能等级、荣誉和事迹将在活动中公开展示。"
}
