// The front desk's frame: the center being worked at (a choice when the account serves several)
// beside the page, on a wide screen.
import type { ComponentChildren } from 'preact';
import { loadCenters } from '../core/centers';
import { useSession } from '../core/session';
import { useLoad } from '../ui/hooks';
import { Page } from '../ui/parts';
import { chooseCenter, useCenterId } from './center';

export function CenterPicker() {
  const session = useSession();
  const centerId = useCenterId();
  const centers = useLoad(loadCenters, []);
  const mine = session?.centerIds ?? [];
  const name = (id: string) => centers.data?.find((c) => c.centerId === id)?.name ?? id;
  if (mine.length <= 1) return <p class="lead">{name(centerId)}</p>;
  return (
    <label class="narrow">
      当前看守所
      <select name="center" value={centerId} onChange={(e) => chooseCenter(e.currentTarget.value)}>
        {mine.map((id) => (
          <option key={id} value={id}>
            {name(id)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DeskPage({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <Page title={title} wide>
      <CenterPicker />
      {children}
    </Page>
  );
}
