/**
 * The one dockerfile-language-service of the server, created on first use: loading the library (and
 * dockerfile-ast, dockerfile-utils, https for its registry client) before the answer to `initialize`
 * was a large part of the server's start (docs/performance.md, "The baseline library loads on first use").
 */
import type { DockerfileLanguageService } from 'dockerfile-language-service';

let service: DockerfileLanguageService | undefined;
let capabilities: Parameters<DockerfileLanguageService['setCapabilities']>[0] | undefined;

/** The baseline editor features (dockerfile-language-service), created once per server, on first use. */
export function baseline(): DockerfileLanguageService {
  if (!service) {
    // Loaded on first use, not at start: the server answers its first requests without it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DockerfileLanguageServiceFactory } = require('dockerfile-language-service') as typeof import('dockerfile-language-service');
    service = DockerfileLanguageServiceFactory.createLanguageService();
    if (capabilities) service.setCapabilities(capabilities);
  }
  return service;
}

/** The client's capabilities for the baseline (completion, hover and folding formats), kept until it is created. */
export function setBaselineCapabilities(value: Parameters<DockerfileLanguageService['setCapabilities']>[0]): void {
  capabilities = value;
  service?.setCapabilities(value);
}
