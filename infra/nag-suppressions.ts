import type { DistrictStack } from './district-stack';
import type { PlatformStack } from './platform-stack';
export function applyNagSuppressions(platform: PlatformStack, districts: DistrictStack[]): void {}
