import { synthCity, templateOf } from '/work/main/test/infra/city';
import { AwsSolutionsChecks } from 'cdk-nag';
it('probe', () => {
  const city = synthCity();
  for (const s of [city.platform, ...city.districts]) {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(s);
    console.log(s.stackName, report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`));
  }
  city.app.synth();
  const t = templateOf(city.districts[0]).toJSON();
  const esm = Object.values(t.Resources).filter((r: any) => r.Type === 'AWS::Lambda::EventSourceMapping');
  console.log(JSON.stringify(esm, null, 1));
  const pol = Object.entries(t.Resources).filter(([k, r]: any) => r.Type === 'AWS::IAM::Policy' && k.includes('Notifier'));
  console.log(JSON.stringify(pol, null, 1));
});
