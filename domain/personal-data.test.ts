import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { obfuscated } from '../test/obfuscate.ts';
import { normalise, personalDataIn } from './personal-data.ts';

const ID = '220102198001010012';
const PEOPLE = ['王小明', '张三丰', '李举报'];

describe('personal data in public text, however it is written', () => {
  it.each([
    [`身份证 ${ID}`, 'ID_NUMBER'],
    ['身份证 2201 0219 8001 0100 12', 'ID_NUMBER'],
    ['身份证２２０１０２１９８００１０１００１２', 'ID_NUMBER'],
    ['身份证 220102-19800101-0012', 'ID_NUMBER'],
    ['身份证 22010219800101008x', 'ID_NUMBER'],
    ['旧身份证 220102800101001', 'ID_NUMBER'],
    ['电话139-1234-5678', 'PHONE'],
    ['电话 139 1234 5678', 'PHONE'],
    ['手机 +86 139.1234.5678', 'PHONE'],
    ['电话 0431-8555 1234', 'PHONE'],
    ['电话 8555-1234', 'PHONE'],
    ['卡号 6222 0212 3456 7890 128', 'BANK_CARD'],
    ['社保卡号 A1234 5678', 'SOCIAL_SECURITY_CARD'],
    ['邮箱 wang.xm@example.com', 'EMAIL'],
    ['邮箱 wang (at) example (dot) com', 'EMAIL'],
    ['家住南关区幸福路12号3栋2单元501室', 'ADDRESS'],
    ['王 小 明冒用他人医保卡', 'NAME'],
    ['王·小·明', 'NAME'],
    ['Wang Xiaoming 冒用他人医保卡', 'NAME'],
    ['XIAOMING WANG', 'NAME'],
    ['Wáng Xiǎomíng', 'NAME'],
    ['王xiao明冒用他人医保卡', 'NAME'],
    ['張三豐冒用他人医保卡', 'NAME'],
    ['王晓明冒用他人医保卡', 'NAME'],
    ['z h a n g s a n f e n g', 'NAME'],
    ['王\u200d小\u00ad明', 'NAME'],
    ['王「小」明', 'NAME'],
    ['电话：一三九一二三四五六七八', 'PHONE'],
    ['手机 幺叁玖 壹贰叁肆 伍陆柒捌', 'PHONE'],
    ['身份证 二二〇一〇二一九八〇〇一〇一〇〇一二', 'ID_NUMBER'],
    ['wang-xiao-ming', 'NAME'],
  ])('finds %s (%s)', (text, kind) => {
    expect(personalDataIn(text, PEOPLE)).toBe(kind);
  });

  it.each([
    '王某某冒用他人医保卡购药，涉案金额12345.67元，已责令退回并处罚款30864.18元。',
    '2026年11月30日，长春市南关区医疗保障局依据《医疗保障基金使用监督管理条例》第四十条作出处罚。',
    '长春市南关区康宁大药房有限公司（统一社会信用代码91220102MA0000001X）串换药品。',
    '罚款金额为人民币 1,380,000.00 元，暂停联网结算 6 个月。',
    'The pharmacy was fined 2.5 times the amount.',
    '二〇二六年十一月三十日作出处罚决定，一二三项违法事实清楚。',
    '黎明时分，执法人员对该药房开展突击检查，张某某在场。',
    '案件编号 YB220102-2026-00001，文书 南关医保罚决〔2026〕3号。',
  ])('lets %s through', (text) => {
    expect(personalDataIn(text, PEOPLE)).toBeNull();
  });

  it('reads a two-character name’s homophones only where letters are involved (李明 is not 黎明)', () => {
    expect(personalDataIn('黎明时分开展检查', ['李明'])).toBeNull();
    expect(personalDataIn('Li Ming 冒用他人医保卡', ['李明'])).toBe('NAME');
    expect(personalDataIn('李ming冒用他人医保卡', ['李明'])).toBe('NAME');
  });

  it('lets an institution’s premises through, but never a flat, a room or a home', () => {
    const premises = '该药房位于南关区人民大街1234号。';
    expect(personalDataIn(premises, PEOPLE)).toBe('ADDRESS');
    expect(personalDataIn(premises, PEOPLE, { institution: true })).toBeNull();
    expect(personalDataIn('法定代表人家住幸福小区3栋2单元501室', PEOPLE, { institution: true })).toBe('ADDRESS');
  });

  it('normalises width, case and the separators inside numbers and names only', () => {
    expect(normalise('ＡＢ １３９ ‐ １２３４ 王 小 明 and more')).toBe('ab 1391234 王小明 and more');
  });
});

describe('obfuscated forms of a matter’s real personal data never pass (property)', () => {
  const context = fc.constantFrom('', '举报人称', '当事人', '联系', '（', '，详见');
  it.each([
    ['an ID number', ID, 'ID_NUMBER'],
    ['a mobile number', '13912345678', 'PHONE'],
    ['a landline with its area code', '043185551234', 'PHONE'],
    ['a bank card', '6222021234567890128', 'BANK_CARD'],
    ['a name', '王小明', 'NAME'],
  ])('%s', (_what, value, kind) => {
    fc.assert(
      fc.property(context, obfuscated(value), context, (before, hidden, after) => {
        expect(personalDataIn(`${before}${hidden}${after}`, PEOPLE)).toBe(kind);
      }),
      { numRuns: 500 },
    );
  });
});
