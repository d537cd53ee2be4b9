/**
 * Multi-stage Dockerfile templates: the whole-file snippets (`ms-*` in snippets/), one per stack,
 * with the files that tell a workspace's stack and a matching .dockerignore. Pure data and
 * functions (no vscode import), unit-tested; newDockerfile.ts is the command around them.
 */

export interface Stack {
  id: string;
  label: string;
  /** The whole-file snippet's prefix in snippets/dockerfile.code-snippets. */
  snippet: string;
  /** Glob patterns (file names) whose presence suggests this stack. */
  markers: string[];
  /** Lines of the .dockerignore written with the template. */
  ignore: string[];
}

const COMMON_IGNORE = [
  '# Keep the build context small and free of secrets',
  '.git',
  '.gitignore',
  '.dockerignore',
  '**/Dockerfile*',
  '**/*.Dockerfile',
  '.vscode',
  '.idea',
  '*.log',
  '.env',
  '.env.*',
];

export const STACKS: readonly Stack[] = [
  { id: 'go', label: 'Go (static binary on scratch)', snippet: 'ms-go', markers: ['go.mod'], ignore: ['bin/', 'vendor/', '*.test', 'coverage.out'] },
  {
    id: 'go-distroless',
    label: 'Go (distroless/static)',
    snippet: 'ms-go-distroless',
    markers: ['go.mod'],
    ignore: ['bin/', 'vendor/', '*.test', 'coverage.out'],
  },
  {
    id: 'dotnet',
    label: '.NET / ASP.NET Core (sdk -> aspnet)',
    snippet: 'ms-dotnet',
    markers: ['*.csproj', '*.fsproj', '*.sln'],
    ignore: ['**/bin/', '**/obj/', '**/*.user', 'TestResults/'],
  },
  {
    id: 'dotnet-aot',
    label: '.NET Native AOT (runtime-deps)',
    snippet: 'ms-dotnet-aot',
    markers: ['*.csproj'],
    ignore: ['**/bin/', '**/obj/', '**/*.user', 'TestResults/'],
  },
  {
    id: 'node',
    label: 'Node.js (npm ci, slim final)',
    snippet: 'ms-node',
    markers: ['package.json'],
    ignore: ['node_modules/', 'npm-debug.log*', 'coverage/', 'dist/', 'build/'],
  },
  {
    id: 'static-web',
    label: 'Static web app (Node build -> nginx)',
    snippet: 'ms-static-web',
    markers: ['package.json'],
    ignore: ['node_modules/', 'npm-debug.log*', 'coverage/', 'dist/', 'build/'],
  },
  {
    id: 'python',
    label: 'Python (venv builder, slim final)',
    snippet: 'ms-python',
    markers: ['pyproject.toml', 'requirements.txt', 'setup.py'],
    ignore: ['__pycache__/', '*.py[cod]', '.venv/', 'venv/', '.pytest_cache/', '.mypy_cache/', 'dist/', 'build/', '*.egg-info/'],
  },
  {
    id: 'java-maven',
    label: 'Java with Maven (JDK build, JRE final)',
    snippet: 'ms-java-maven',
    markers: ['pom.xml'],
    ignore: ['target/', '.mvn/wrapper/maven-wrapper.jar'],
  },
  {
    id: 'java-gradle',
    label: 'Java with Gradle (JDK build, JRE final)',
    snippet: 'ms-java-gradle',
    markers: ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'],
    ignore: ['build/', '.gradle/', '!gradle/wrapper/gradle-wrapper.jar'],
  },
  { id: 'rust', label: 'Rust (cargo, distroless/cc)', snippet: 'ms-rust', markers: ['Cargo.toml'], ignore: ['target/'] },
  { id: 'skeleton', label: 'Any stack: base / build / test / final skeleton', snippet: 'ms-skeleton', markers: [], ignore: ['build/', 'dist/', 'out/'] },
];

/** A file name matches a marker: an exact name, or `*.ext`. */
export function matchesMarker(fileName: string, marker: string): boolean {
  return marker.startsWith('*.') ? fileName.endsWith(marker.slice(1)) && fileName.length > marker.length - 1 : fileName === marker;
}

/** Stacks suggested by the workspace's file names (base names), best first, with the file that suggested each. */
export function detectStacks(fileNames: Iterable<string>): { stack: Stack; because: string }[] {
  const names = [...fileNames];
  const found: { stack: Stack; because: string }[] = [];
  for (const stack of STACKS) {
    const hit = names.find((name) => stack.markers.some((marker) => matchesMarker(name, marker)));
    if (hit) found.push({ stack, because: hit });
  }
  return found;
}

/** Every marker as one glob for `workspace.findFiles`. */
export function markerGlob(): string {
  return `**/{${[...new Set(STACKS.flatMap((s) => s.markers))].join(',')}}`;
}

/** The .dockerignore text for a stack. */
export function dockerignoreFor(stack: Stack): string {
  return [...COMMON_IGNORE, '', `# ${stack.label}`, ...stack.ignore, ''].join('\n');
}

/** The snippet body for a stack from the parsed snippets file; undefined when it is missing. */
export function templateBody(snippets: Record<string, { prefix: string; body: string[] | string }>, stack: Stack): string | undefined {
  const entry = Object.values(snippets).find((s) => s.prefix === stack.snippet);
  if (!entry) return undefined;
  return Array.isArray(entry.body) ? entry.body.join('\n') : entry.body;
}
