// The access log must not carry personal data from request targets: known personal parameters are
// masked whole, phone-, e-mail- and ID-looking values wherever they appear; the rest stays readable.
import { accessLogLine, MASK, maskPersonalText, maskRequestTarget } from '../../local/access-log';

describe('maskRequestTarget', () => {
  it.each([
    ['/_local/outbox?to=13800000001', `/_local/outbox?to=${MASK}`],
    ['/_local/outbox?to=li%40example.com', `/_local/outbox?to=${MASK}`],
    ['/_local/outbox?to=%2B8613800000001', `/_local/outbox?to=${MASK}`],
    [`/centers/minhang-kss/detainees?q=${encodeURIComponent('张三')}&status=active`, `/centers/minhang-kss/detainees?q=${MASK}&status=active`],
    ['/centers/minhang-kss/detainees?Q=wang&limit=20', `/centers/minhang-kss/detainees?Q=${MASK}&limit=20`],
    ['/admin/users?name=%E6%9D%8E%E5%9B%9B&phone=13900000000&email=a%40b.cn', `/admin/users?name=${MASK}&phone=${MASK}&email=${MASK}`],
  ])('masks personal parameters: %s', (target, expected) => {
    expect(maskRequestTarget(target)).toBe(expected);
  });

  it('masks phone numbers, e-mail addresses and ID numbers in any parameter and in the path', () => {
    expect(maskRequestTarget('/x?note=call%2013800000001%20now')).toBe(`/x?note=${encodeURIComponent(`call ${MASK} now`)}`);
    expect(maskRequestTarget('/x?contact=li.si%2Bwork%40lawfirm.com.cn')).toBe(`/x?contact=${MASK}`);
    expect(maskRequestTarget('/x?id=31010119900307123X')).toBe(`/x?id=${MASK}`);
    expect(maskRequestTarget('/users/13800000001/profile')).toBe(`/users/${MASK}/profile`);
    expect(maskRequestTarget('/x?13800000001')).toBe(`/x?${MASK}`);
  });

  it('masks a licence number in the path of the registry route (issue 23), not an id in another route', () => {
    expect(maskRequestTarget('/admin/lawyer-registry/13101201510123456')).toBe(`/admin/lawyer-registry/${MASK}`);
    expect(maskRequestTarget('/admin/lawyer-registry/SX123456789?x=1')).toBe(`/admin/lawyer-registry/${MASK}?x=1`);
    expect(accessLogLine('GET', '/admin/lawyer-registry/13101201510123456', 200, 1)).not.toContain('13101201510123456');
    expect(maskRequestTarget('/admin/lawyer-registry')).toBe('/admin/lawyer-registry');
    expect(maskRequestTarget('/admin/users/us_13101201510123456')).toBe('/admin/users/us_13101201510123456');
  });

  it('leaves everything else exactly as sent', () => {
    for (const target of [
      '/centers/minhang-kss/slots?from=2026-12-01&to=2026-12-08',
      '/reports?district=minhang&from=2026-11-01&to=2026-11-30',
      '/bookings/bk.minhang.01M8S2H1M69Q6K8JSGB7V0AC1A',
      '/centers/minhang-kss/bookings?date=2026-12-02',
      '/health',
      '/x?flag&empty=',
    ]) {
      expect(maskRequestTarget(target)).toBe(target);
    }
  });

  it('masks `to` as personal only where it names a recipient', () => {
    expect(maskRequestTarget('/_local/outbox?to=someone')).toBe(`/_local/outbox?to=${MASK}`);
    expect(maskRequestTarget('/centers/c/slots?to=2026-12-08')).toBe('/centers/c/slots?to=2026-12-08');
  });

  it('survives malformed percent-encoding', () => {
    expect(maskRequestTarget('/x?note=%E0%A4%A&q=%ZZ')).toBe(`/x?note=%E0%A4%A&q=${MASK}`);
    expect(maskRequestTarget('/x?note=%ZZ13800000001')).toBe(`/x?note=${encodeURIComponent(`%ZZ${MASK}`)}`);
  });
});

describe('maskPersonalText', () => {
  it.each(['13800000001', '+86 138 0000 0001', '008613800000001', '138-0000-0001'])('masks the mobile number %s', (phone) => {
    expect(maskPersonalText(`tel ${phone}.`)).toBe(`tel ${MASK}.`);
  });

  it('masks a number glued to letters, but not longer digit runs or non-mobile prefixes', () => {
    expect(maskPersonalText('tel13800000001')).toBe(`tel${MASK}`);
    expect(maskPersonalText('138000000012')).toBe('138000000012');
    expect(maskPersonalText('12800000001')).toBe('12800000001');
  });
});

it('accessLogLine writes method, masked target, status and duration', () => {
  const line = accessLogLine('GET', '/_local/outbox?to=13800000001', 200, 3.14159);
  expect(line).toBe(`GET /_local/outbox?to=${MASK} 200 3.1ms`);
  expect(line).not.toContain('13800000001');
});
