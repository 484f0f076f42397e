// The client's copy of GET /api/v1/nominations/rules: the limits, messages and options the server
// enforces. Used when the server cannot be reached; the end-to-end test proves it equals the
// server's answer, so change both together.
module.exports = {
  limits: {
    deeds_max: 800,
    story_min: 1000,
    story_max: 2000,
    brief_max: 100,
    years_in_trade_min: 5,
    id_photo: 1,
    work_photo: 2,
    certificate_min: 1,
    image_max_bytes: 10485760,
    pdf_max_bytes: 20971520
  },
  messages: {
    required: '此项为必填',
    mobile_format: '请填写 11 位手机号码',
    month_format: '请选择年月',
    choice: '请从列表中选择',
    deeds_max: '主要事迹不能超过 800 字',
    story_min: '事迹简介不少于 1000 字',
    story_max: '事迹简介不超过 2000 字',
    brief_max: '简要技能业绩不超过 100 字',
    years_in_trade_min: '从事本工种（专业）须满 5 年',
    conditions_min: '请至少选择一项推荐条件',
    condition_evidence: '请写明符合该条件的依据',
    id_photo: '须上传 1 张彩色证件照',
    work_photo: '须上传 2 张工作照',
    certificate_min: '至少上传 1 份主要荣誉证书',
    privacy_consent: '请阅读并同意个人信息使用说明',
    image_max_bytes: '图片不能超过 10MB',
    pdf_max_bytes: 'PDF 不能超过 20MB',
    file_type: '只能上传 JPEG、PNG 图片或 PDF'
  },
  options: {
    gender: ['男', '女'],
    political_status: ['中共党员', '中共预备党员', '共青团员', '民主党派', '无党派人士', '群众'],
    education: ['初中及以下', '高中', '中专（技校）', '大专', '本科', '研究生'],
    skill_level: ['初级工', '中级工', '高级工', '技师', '高级技师', '特级技师', '首席技师', '无'],
    district: ['海州区', '连云区', '赣榆区', '东海县', '灌云县', '灌南县', '开发区', '高新区', '徐圩新区', '云台山景区'],
    conditions: {
      1: '具有工艺专长',
      2: '掌握高超技能',
      3: '体现引领作用',
      4: '注重岗位创新'
    }
  }
}
