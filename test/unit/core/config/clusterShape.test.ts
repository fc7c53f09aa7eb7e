import * as assert from 'node:assert/strict';
import {
  clusterFromFlags,
  clusterFromHostGroup,
  clusterFromHostGpus,
  clusterFromSettings,
  clusterFromSlurm,
  clusterPlan,
  describeCount,
  describeShapeSource,
  gresGpus,
  totalGpus,
} from '../../../../src/core/config/facts/clusterShape';
import type { Settings } from '../../../../src/core/settings/settings';
import { defaultSettings } from '../../../../src/core/settings/settings';

const settings = (over: Partial<Settings> = {}) => ({ ...defaultSettings(), ...over }) as Settings;

describe('cluster shape', () => {
  it("counts a multi-host group as one node per host with the setting's GPUs, named as the group", () => {
    const shape = clusterFromHostGroup('a+b', 2, settings({ 'config.gpu.count': 4, 'config.gpu.memoryGB': 48 }));
    assert.equal(totalGpus(shape), 8);
    assert.deepEqual(clusterPlan(shape), { label: '2×4×48 GiB', gpus: 8, memoryGB: 48 });
    assert.equal(describeShapeSource(shape), 'hosts a+b; tunelab.config.gpu.count; tunelab.config.gpu.*');
  });

  it('defaults to one node with one GPU of unknown memory, from the settings', () => {
    const shape = clusterFromSettings(settings());
    assert.deepEqual(shape, { nodes: 1, gpusPerNode: 1, source: { kind: 'settings' } });
    assert.equal(totalGpus(shape), 1);
    assert.equal(clusterPlan(shape), undefined);
  });

  it('reads nodes, GPUs per node and memory from the settings', () => {
    const shape = clusterFromSettings(settings({ 'config.gpu.nodes': 2, 'config.gpu.count': 8, 'config.gpu.memoryGB': 80 }));
    assert.equal(totalGpus(shape), 16);
    assert.equal(describeCount(shape), '2×8');
    assert.deepEqual(clusterPlan(shape), { label: '2×8×80 GiB', gpus: 16, memoryGB: 80 });
    assert.equal(describeShapeSource(shape), 'tunelab.config.gpu.*');
  });

  it('lets CLI flags override the settings and says which figure came from where', () => {
    const base = settings({ 'config.gpu.memoryGB': 24 });
    const counted = clusterFromFlags(base, { gpus: 4, nodes: 2 });
    assert.deepEqual([counted.nodes, counted.gpusPerNode, counted.gpuMemoryGiB], [2, 4, 24]);
    assert.equal(describeShapeSource(counted), '--gpus/--nodes/--gpu-memory; tunelab.config.gpu.*');
    const all = clusterFromFlags(base, { gpus: 4, gpuMemoryGiB: 80 });
    assert.equal(describeShapeSource(all), '--gpus/--nodes/--gpu-memory');
    const memoryOnly = clusterFromFlags(base, { gpuMemoryGiB: 80 });
    assert.equal(describeShapeSource(memoryOnly), 'tunelab.config.gpu.*; --gpus/--nodes/--gpu-memory');
    assert.deepEqual(clusterFromFlags(base, {}), clusterFromSettings(base));
  });

  it('takes a Slurm target’s nodes and GPUs per node (or its gres), the memory from the setting', () => {
    const shape = clusterFromSlurm('hpc', { nodes: 2, gpusPerNode: 8 }, settings({ 'config.gpu.memoryGB': 80 }));
    assert.deepEqual([shape.nodes, shape.gpusPerNode, shape.gpuMemoryGiB], [2, 8, 80]);
    assert.equal(describeShapeSource(shape), 'tunelab.jobs.slurm "hpc"; tunelab.config.gpu.*');
    assert.equal(clusterFromSlurm('hpc', { gres: 'gpu:a100:4' }, settings()).gpusPerNode, 4);
    assert.equal(clusterFromSlurm('hpc', {}, settings({ 'config.gpu.count': 2 })).gpusPerNode, 2);
    assert.equal(describeShapeSource(clusterFromSlurm('hpc', { nodes: 1 }, settings())), 'tunelab.jobs.slurm "hpc"');
  });

  it('reads GPUs per node from gres strings', () => {
    assert.equal(gresGpus('gpu:8'), 8);
    assert.equal(gresGpus('gpu:a100:4,shard:2'), 4);
    assert.equal(gresGpus('gpu'), 1);
    assert.equal(gresGpus('shard:2'), undefined);
    assert.equal(gresGpus(undefined), undefined);
  });

  it('takes an SSH host’s nvidia-smi list: its count, and the smallest card’s memory in GiB', () => {
    const shape = clusterFromHostGpus('box', [
      { name: 'NVIDIA A100-SXM4-80GB', totalMiB: 81920 },
      { name: 'NVIDIA A100-SXM4-40GB', totalMiB: 40960 },
    ]);
    assert.deepEqual([shape?.nodes, shape?.gpusPerNode, shape?.gpuMemoryGiB], [1, 2, 40]);
    assert.equal(shape && describeShapeSource(shape), 'nvidia-smi @ box: NVIDIA A100-SXM4-40GB');
    assert.equal(clusterFromHostGpus('box', []), undefined);
  });
});
