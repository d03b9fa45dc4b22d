/**
 * The mini-app SDK's reference (docs/sdk-reference.md), generated from its typings
 * (miniapps/sdk/index.d.ts) with the TypeScript compiler: every `wx.*`, `my.*` and `car.*`
 * member with its options and its doc comment, and the globals. `npm run generate` writes it; a
 * test fails when it is stale. The typings stay the one source.
 */
import ts from 'typescript';
import { API_CATALOG } from '../../miniapps/runtime/common/apiCatalog.js';

function documentation(node: ts.Node, checker: ts.TypeChecker): string {
  const symbol = (node as { name?: ts.Node }).name ? checker.getSymbolAtLocation((node as unknown as { name: ts.Node }).name) : undefined;
  return symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim() : '';
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

interface Member {
  readonly name: string;
  readonly type: string;
  readonly doc: string;
}

/** Every interface in `namespace Glovebox`, by name, with its members and what it extends. */
function interfaces(source: ts.SourceFile, checker: ts.TypeChecker): Map<string, { readonly doc: string; readonly extendsNames: readonly string[]; readonly members: readonly Member[] }> {
  const found = new Map<string, { doc: string; extendsNames: string[]; members: Member[] }>();
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node)) {
      const members: Member[] = [];
      for (const member of node.members) {
        if (!member.name) continue;
        const type = ts.isPropertySignature(member) && member.type ? member.type.getText(source) : ts.isMethodSignature(member) ? `(${member.parameters.map((parameter) => parameter.getText(source)).join(', ')}) => ${member.type?.getText(source) ?? 'void'}` : '';
        members.push({ name: member.name.getText(source), type, doc: documentation(member, checker) });
      }
      const extendsNames = (node.heritageClauses ?? []).flatMap((clause) => clause.types.map((type) => type.expression.getText(source)));
      found.set(node.name.text, { doc: documentation(node, checker), extendsNames, members });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export function sdkReference(typingsFile: string): string {
  const program = ts.createProgram([typingsFile], { noEmit: true, types: [], lib: ['lib.es2022.d.ts'] });
  const source = program.getSourceFile(typingsFile);
  if (!source) throw new Error(`cannot read ${typingsFile}`);
  const checker = program.getTypeChecker();
  const all = interfaces(source, checker);
  const membersOf = (name: string): Member[] => {
    const entry = all.get(name);
    if (!entry) return [];
    return [...entry.members, ...entry.extendsNames.flatMap((parent) => membersOf(parent).filter((member) => !entry.members.some((own) => own.name === member.name)))];
  };
  const table = (object: string, name: string): string => {
    // `Wx['getLocation']` in my's typings: the same call, so the same notes.
    const borrowed = (member: Member): string => {
      const source = /^(\w+)\['(\w+)'\]$/.exec(member.type);
      return member.doc || (source ? (membersOf(source[1] as string).find((each) => each.name === source[2])?.doc ?? '') : '');
    };
    const rows = membersOf(name)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((member) => `| \`${object}.${member.name}\` | \`${cell(member.type)}\` | ${cell(borrowed(member))} |`);
    return `| call | type | notes |\n| --- | --- | --- |\n${rows.join('\n')}\n`;
  };
  const globals: string[] = [];
  ts.forEachChild(source, (node) => {
    if (ts.isFunctionDeclaration(node) && node.name) {
      globals.push(`| \`${node.name.text}(${node.parameters.map((parameter) => parameter.getText(source)).join(', ')})\` | ${cell(documentation(node, checker))} |`);
    }
  });
  const types = [...all.entries()]
    .filter(([name]) => !['Wx', 'My', 'Car', 'Navigation', 'Callbacks', 'PageInstance'].includes(name))
    .map(([name, entry]) => `### ${name}\n${entry.doc ? `${entry.doc}\n` : ''}\n${entry.members.map((member) => `- \`${member.name}: ${cell(member.type)}\`${member.doc ? `: ${cell(member.doc)}` : ''}`).join('\n')}\n`);
  return `# Mini-app SDK reference

Generated from \`miniapps/sdk/index.d.ts\` and the API catalog by \`npm run generate\`; do not edit.
The typed calls come first; [every call Glovebox answers](#every-call-and-what-driving-does-to-it),
typed or not, closes the page with what driving does to it, and [api-coverage.md](api-coverage.md)
compares them with WeChat's and Alipay's typings. Every call takes \`success\`/\`fail\`/\`complete\` callbacks or, without
them, returns a promise. While the car moves the head unit enforces the driving-safety policy
whatever the app does; the notes say where a call behaves differently. Start with
[getting-started.md](getting-started.md).

## wx (WeChat dialect)

${table('wx', 'Wx')}
## my (Alipay dialect)

${table('my', 'My')}
## car (both dialects)

${table('car', 'Car')}
## Globals

| function | notes |
| --- | --- |
${globals.join('\n')}

## Types

${types.join('\n')}
## Every call and what driving does to it

Answered by: worker (in the app's worker, synchronously where the name ends in Sync or the call is
one a phone answers at once), host (the system UI), services, or unavailable (a phone's feature:
it fails with "not available on this head unit" and never throws). Anything else fails with
"not supported on Glovebox".

| call | answered by | while driving |
| --- | --- | --- |
${Object.entries(API_CATALOG)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, entry]) => `| \`${entry.dialect === 'alipay' ? 'my' : entry.dialect === 'wechat' ? 'wx' : 'wx/my'}.${name}\` | ${entry.by} | ${cell(entry.driving)} |`)
  .join('\n')}
`;
}
