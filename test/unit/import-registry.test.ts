// The registry import script (scripts/import-registry.ts): reading a bar association's CSV or JSON
// export into entries, with line numbers for what is wrong.
import { lineOf, parseCsv, readRegistryFile } from '../../scripts/import-registry';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and a BOM', () => {
    const text = '\uFEFFa,b,c\r\n"上海,某所","他说""好""",3\r\n"两\n行",,x\n\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['上海,某所', '他说"好"', '3'],
      ['两\n行', '', 'x'],
    ]);
  });
});

describe('readRegistryFile', () => {
  const header = 'status,role,phone,lawFirm,name,licenseNo';
  it('maps CSV columns by the header, in any order', () => {
    expect(readRegistryFile('r.csv', `${header}\npractising,lawyer,13800000001,上海某律师事务所,李律师,13101201510123456\n`)).toEqual([
      { licenseNo: '13101201510123456', name: '李律师', lawFirm: '上海某律师事务所', phone: '13800000001', role: 'lawyer', status: 'practising' },
    ]);
  });

  it('names the missing columns and the line of a short row', () => {
    expect(() => readRegistryFile('r.csv', 'licenseNo,name\n1,2\n')).toThrow(/lacks lawFirm, phone, role, status/);
    expect(() => readRegistryFile('r.csv', `${header}\npractising,lawyer\n`)).toThrow(/line 2: 2 fields where the header has 6/);
  });

  it('reads JSON as an array or as {entries}', () => {
    const entry = { licenseNo: 'SHX2026000001', name: '赵实习', lawFirm: '所', phone: '13800000003', role: 'intern', status: 'practising' };
    expect(readRegistryFile('r.json', JSON.stringify([entry]))).toEqual([entry]);
    expect(readRegistryFile('r.JSON', JSON.stringify({ entries: [entry] }))).toEqual([entry]);
    expect(() => readRegistryFile('r.json', '{"rows": []}')).toThrow(/expected an array/);
  });

  it('numbers lines from the header: entry 0 of the second chunk of 1,000 is line 1002', () => {
    expect(lineOf(0, 0)).toBe(2);
    expect(lineOf(1000, 0)).toBe(1002);
  });
});
