/**
 * TuneLab's own small sensitive-term lexicon, in English and Chinese, by category. It is a
 * starting point that favours precision: only terms that are sensitive in almost any
 * context (no "kill", which programmers use daily). Teams add their own lists through
 * `tunelab.dataset.lexiconFiles`; a hit is a prompt for human review, not a verdict.
 */
export const SENSITIVE_CATEGORIES = ['violence', 'sexual', 'hate', 'self-harm', 'illegal'] as const;
export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number];

export const BUNDLED_LEXICON: Readonly<Record<SensitiveCategory, readonly string[]>> = {
  violence: [
    'massacre', 'behead', 'beheading', 'decapitate', 'mass shooting', 'school shooting', 'make a bomb',
    'build a bomb', 'pipe bomb', 'car bomb', 'terrorist attack', 'torture him', 'torture her', 'stab him', 'stab her',
    '杀人', '砍死', '捅死', '枪杀', '屠杀', '虐杀', '肢解', '分尸', '制造炸弹', '自制炸弹', '恐怖袭击', '爆炸袭击',
  ],
  sexual: [
    'pornography', 'porn video', 'child porn', 'explicit sex', 'sexual intercourse', 'nude photos of', 'rape', 'raped',
    'molest', 'molested', 'prostitution service',
    '色情', '淫秽', '强奸', '猥亵', '卖淫', '嫖娼', '裸照', '性交易', '援交',
  ],
  hate: [
    'ethnic cleansing', 'white supremacy', 'white power', 'racial purity', 'inferior race', 'subhuman',
    'gas the', 'heil hitler',
    '种族灭绝', '种族清洗', '劣等民族', '劣等种族', '滚出中国',
  ],
  'self-harm': [
    'kill myself', 'killing myself', 'suicide method', 'how to commit suicide', 'end my life', 'self-harm',
    'cut myself', 'cutting myself', 'want to die',
    '自杀', '自残', '割腕', '轻生', '想死', '不想活了', '跳楼自杀', '安眠药自杀',
  ],
  illegal: [
    'cocaine', 'heroin', 'methamphetamine', 'meth lab', 'money laundering', 'launder money', 'counterfeit money',
    'credit card fraud', 'carding', 'buy drugs', 'sell drugs', 'drug trafficking', 'human trafficking',
    'ransomware attack', 'ddos attack',
    '毒品', '冰毒', '海洛因', '摇头丸', '洗钱', '假钞', '网络诈骗', '电信诈骗', '走私', '贩毒', '赌博网站', '网络赌博', '人口贩卖',
  ],
};
