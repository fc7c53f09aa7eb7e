import { DATASET_PREVIEW_UI_STATE_VERSION } from '../../src/shared/protocol/datasetPreview';
import type { DatasetPreviewUiState } from '../../src/shared/protocol/datasetPreview';
import { loadUiState, saveUiState } from '../shared/host';

/** UI intent that survives hiding the panel and reloading the window (never data). */
export function initialUiState(): DatasetPreviewUiState {
  return (
    loadUiState<DatasetPreviewUiState>(DATASET_PREVIEW_UI_STATE_VERSION) ?? {
      version: DATASET_PREVIEW_UI_STATE_VERSION,
      firstVisibleRow: 0,
      selectedRow: undefined,
      detailOpen: false,
      filter: { codes: [], severities: [] },
      search: '',
      caseSensitive: false,
      detailWidth: undefined,
      chartsCollapsed: false,
      columnWidths: {},
      columnOrder: [],
    }
  );
}

export function persist(state: DatasetPreviewUiState): void {
  saveUiState(state);
}
