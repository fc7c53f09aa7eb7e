/**
 * Seeded generator of alpaca-like JSON Lines for the benchmark: English and Chinese records
 * with Zipf-distributed vocabulary (so lexical diversity looks like prose), plus planted
 * exact duplicates, near duplicates (copies with a few words edited), too-short answers,
 * placeholders, personal data, repetitive answers and cut-off lines. Same seed, same file.
 *
 *   node out/bench/generateAlpaca.js <records> <output.jsonl> [seed]
 *   node out/bench/generateAlpaca.js --templated <records> <output.jsonl> [seed] [nearShare]
 */
import { createWriteStream } from 'node:fs';
import { generateTemplated } from './generateTemplated';
import { seededRandom } from '../test/support/seededRandom';

const EN = (
  'the of and to a in is that for it as was with be by on not he this are or his from at which but have an they you were her she there one ' +
  'all we their been has would when who will more no if out so said what up its about into than them can only other new some could time these two may then do ' +
  'first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because ' +
  'each just those people how too little state good very make world still own see men work long get here between both life being under never day same another ' +
  'know while last might us great old year off come since against go came right used take three model data training answer question learning rate loss batch ' +
  'token layer weight gradient dataset record prompt response value result method system process example number table function file memory speed quality level ' +
  'energy water light plant city river market school history music science language computer network design policy health student teacher doctor family house ' +
  'garden kitchen morning evening season weather travel journey story reason problem solution change growth balance pattern signal image sound colour shape ' +
  'simple clear careful quick slow strong gentle bright dark warm cold early late small large short brief detailed useful common rare modern ancient public private ' +
  'explain describe compare list suggest write create improve reduce increase measure check build test choose follow keep start finish open close share learn teach'
).split(' ');

const ZH = (
  '的 是 在 和 了 有 我们 这个 一个 可以 进行 需要 通过 问题 数据 模型 训练 学习 方法 结果 系统 过程 时间 方面 重要 发展 社会 经济 技术 文化 历史 ' +
  '城市 河流 山峰 天气 季节 春天 夏天 秋天 冬天 早上 晚上 学生 老师 医生 家庭 朋友 孩子 工作 生活 健康 运动 音乐 电影 书籍 语言 文字 计算机 网络 ' +
  '设计 政策 市场 公司 产品 服务 质量 速度 能力 效果 影响 作用 原因 方式 环境 资源 能源 水 光 植物 动物 花园 厨房 旅行 故事 变化 增长 平衡 规律 ' +
  '简单 清楚 仔细 快速 缓慢 强大 温和 明亮 温暖 寒冷 早期 现代 古代 公共 私人 解释 描述 比较 列出 建议 编写 创造 改进 减少 增加 测量 检查 建立 ' +
  '测试 选择 保持 开始 完成 打开 分享 理解 提高 发现 使用 包括 提供 形成 表现 认为 如果 因为 所以 但是 而且 或者 然后 同时 已经 正在 非常 比较 更加'
).split(' ');

interface Record_ {
  instruction: string;
  input: string;
  output: string;
}

export function createGenerator(seed: number) {
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  // Half Zipf-like (frequent words dominate), half uniform (the tail keeps texts diverse):
  // roughly the repetition of real prose, so clean records are not flagged as repetitive.
  const zipf = (n: number) => (random() < 0.5 ? Math.floor(random() * n) : Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1)) - 1)));
  const enSentence = () => {
    const words = Array.from({ length: int(6, 16) }, () => EN[zipf(EN.length)]);
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}.`;
  };
  const zhSentence = () => Array.from({ length: int(5, 12) }, () => ZH[zipf(ZH.length)]).join('') + (random() < 0.7 ? '。' : '，');
  const text = (english: boolean, sentences: number) => {
    const parts = Array.from({ length: sentences }, english ? enSentence : zhSentence);
    return english ? parts.join(' ') : parts.join('');
  };
  return { random, int, text, english: () => random() < 0.5, words: (english: boolean) => (english ? EN : ZH) };
}

/** Edits `count` words (or CJK characters) of `text`: replace, insert or delete. */
export function editWords(text: string, count: number, gen: ReturnType<typeof createGenerator>, english: boolean): string {
  if (english) {
    const words = text.split(' ');
    for (let k = 0; k < count; k++) {
      const at = gen.int(0, words.length - 1);
      const op = gen.random();
      const word = gen.words(true)[gen.int(0, 300)];
      if (op < 0.5) words[at] = word;
      else if (op < 0.8) words.splice(at, 0, word);
      else if (words.length > 3) words.splice(at, 1);
    }
    return words.join(' ');
  }
  const chars = [...text];
  for (let k = 0; k < count; k++) {
    const at = gen.int(0, chars.length - 1);
    const word = gen.words(false)[gen.int(0, 100)];
    if (gen.random() < 0.6) chars.splice(at, 1, ...word);
    else chars.splice(at, 0, ...word);
  }
  return chars.join('');
}

export async function generate(records: number, path: string, seed = 42): Promise<{ planted: Record<string, number> }> {
  const gen = createGenerator(seed);
  const out = createWriteStream(path);
  const recent: Array<{ record: Record_; english: boolean }> = [];
  const WINDOW = 20_000;
  const planted: Record<string, number> = { exact: 0, near: 0, short: 0, placeholder: 0, pii: 0, repetitive: 0, malformed: 0 };
  let buffered = '';
  for (let i = 0; i < records; i++) {
    const roll = gen.random();
    let record: Record_;
    let english = gen.english();
    if (roll < 0.02 && recent.length > 0) {
      const source = recent[gen.int(0, recent.length - 1)];
      record = { ...source.record };
      english = source.english;
      planted.exact++;
    } else if (roll < 0.05 && recent.length > 0) {
      const source = recent[gen.int(0, recent.length - 1)];
      english = source.english;
      record = { ...source.record, output: editWords(source.record.output, gen.int(1, 6), gen, english) };
      planted.near++;
    } else {
      record = {
        instruction: gen.text(english, 1),
        input: gen.random() < 0.3 ? gen.text(english, gen.int(1, 2)) : '',
        output: gen.text(english, gen.int(english ? 3 : 4, english ? 9 : 12)),
      };
      const problem = gen.random();
      if (problem < 0.01) {
        record.output = english ? 'Ok.' : '好的。';
        planted.short++;
      } else if (problem < 0.015) {
        record.output = `${english ? 'I am' : '我是'} {{name}}. ${record.output}`;
        planted.placeholder++;
      } else if (problem < 0.02) {
        record.output += english ? ` Contact test.user${i}@example.com for details.` : ` 联系电话 1380013${String(i % 10000).padStart(4, '0')}。`;
        planted.pii++;
      } else if (problem < 0.025) {
        record.output = (english ? 'I think that is right. ' : '我觉得是对的。').repeat(gen.int(6, 12));
        planted.repetitive++;
      }
    }
    let line = JSON.stringify(record);
    if (gen.random() < 0.0005) {
      line = line.slice(0, Math.floor(line.length / 2));
      planted.malformed++;
    }
    buffered += `${line}\n`;
    if (buffered.length > 1 << 20) {
      if (!out.write(buffered)) await new Promise<void>((r) => out.once('drain', () => r()));
      buffered = '';
    }
    if (recent.length < WINDOW) recent.push({ record, english });
    else recent[gen.int(0, WINDOW - 1)] = { record, english };
  }
  out.write(buffered);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { planted };
}

if (require.main === module) {
  const templated = process.argv[2] === '--templated';
  const [records, path, seed, nearShare] = process.argv.slice(templated ? 3 : 2);
  const run = templated
    ? generateTemplated(Number(records), path, seed ? Number(seed) : 42, nearShare ? Number(nearShare) : 0.9)
    : generate(Number(records), path, seed ? Number(seed) : 42);
  void run.then(({ planted }) => console.log(JSON.stringify(planted)));
}
