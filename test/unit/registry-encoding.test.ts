// Registry files as admins save them (issue 18): Excel on a Chinese Windows writes "CSV" in GBK,
// others UTF-8 with or without a BOM. Both read to the same rows; a file that is neither is one
// file problem, never "0 rows, all valid".
import { decodeText } from '../../shared/domain/csv';
import { readRegistryBytes } from '../../web/src/admin/registry-file';

const TEXT = '执业证号,姓名,律师事务所,手机号,身份,状态\n13101201510123456,张三,上海某律师事务所,13800000001,执业律师,执业\n';
/** TEXT in GBK, as Excel wrote it (bytes fixed here, produced once with iconv-lite's GBK table). */
const GBK = Buffer.from(
  'd6b4d2b5d6a4bac52cd0d5c3fb2cc2c9caa6cac2cef1cbf92ccad6bbfabac52cc9edb7dd2cd7b4ccac0a31333130313230313531303132333435362cd5c5c8fd2cc9cfbaa3c4b3c2c9caa6cac2cef1cbf92c31333830303030303030312cd6b4d2b5c2c9caa62cd6b4d2b50a',
  'hex',
);
const ENTRY = { licenseNo: '13101201510123456', name: '张三', lawFirm: '上海某律师事务所', phone: '13800000001', role: 'lawyer', status: 'practising' };

describe('decodeText', () => {
  it('reads UTF-8, UTF-8 with a BOM and GBK to the same text', () => {
    expect(decodeText(Buffer.from(TEXT, 'utf8'))).toEqual({ text: TEXT, encoding: 'utf-8', readable: true });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]))).toEqual({ text: TEXT, encoding: 'utf-8', readable: true });
    expect(decodeText(GBK)).toEqual({ text: TEXT, encoding: 'gb18030', readable: true });
  });

  it('says a binary file is unreadable', () => {
    expect(decodeText(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x81]))).toMatchObject({ readable: false });
  });
});

describe('readRegistryBytes', () => {
  it('gives the same valid entry for a GBK and a UTF-8 CSV', () => {
    const gbk = readRegistryBytes('registry.csv', GBK);
    const utf8 = readRegistryBytes('registry.csv', Buffer.from(TEXT, 'utf8'));
    expect(gbk).toMatchObject({ encoding: 'gb18030', fileProblems: [], entries: [ENTRY] });
    expect(utf8).toMatchObject({ encoding: 'utf-8', fileProblems: [], entries: [ENTRY] });
  });

  it('reports an unreadable file as a file problem with no entries', () => {
    // An .xlsx is a zip: its bytes are neither UTF-8 nor GBK text.
    const r = readRegistryBytes('registry.csv', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0xff, 0xff]));
    expect(r.entries).toEqual([]);
    expect(r.rows).toEqual([]);
    expect(r.fileProblems).toEqual([expect.stringContaining('无法读取该文件')]);
  });
});
