/**
 * The layer sizes of builds (`stagecraft/layerHistory`): each arriving history is mapped on the
 * document's model and kept (layerResults.ts), then the client is asked for inlay hints again
 * (`workspace/inlayHint/refresh`, when it supports that), as it is after a settings change.
 */
import type { Connection } from 'vscode-languageserver';
import { LayerHistoryNotification, serverSide } from '../protocol';
import type { FeatureContexts } from './contexts';
import type { LayerResults } from './layerResults';

/** Asks the client for inlay hints again, once it said it can be asked. */
export class HintRefresh {
  private supported = false;

  /** `send` asks the client (and ignores a refusal). */
  constructor(private readonly send: () => void) {}

  enable(supported: boolean): void {
    this.supported = supported;
  }

  now(): void {
    if (this.supported) this.send();
  }
}

export interface LayerSizesDeps {
  connection: Connection;
  contexts: FeatureContexts;
  layers: LayerResults;
  hints: HintRefresh;
}

export function registerLayerSizes(deps: LayerSizesDeps): void {
  const { connection, contexts, layers, hints } = deps;
  connection.onNotification(serverSide(LayerHistoryNotification.type), async (params) => {
    try {
      const context = typeof params?.uri === 'string' ? await contexts.get(params.uri) : undefined;
      if (layers.record(params, context && { model: context.model, version: context.document.version })) hints.now();
    } catch (error) {
      connection.console.error(`layerHistory failed: ${(error as Error)?.stack ?? error}`);
    }
  });
}
