// Generates dist/custom-elements.json (the elements' API: attributes, properties, events, slots,
// CSS parts and custom properties) from the JSDoc on the element classes. `npm run build:manifest`.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/api/schema.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [
    {
      // Our elements register through defineElement('carstrel-x', Class) (double-load safe),
      // which the analyzer does not know: teach it, so each class gets its tagName.
      name: 'carstrel-define-element',
      analyzePhase({ ts, node, moduleDoc }) {
        if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
        const [tag, cls] = node.arguments;
        if (!tag || !cls || !ts.isStringLiteral(tag)) return;
        const decl = moduleDoc.declarations?.find((d) => d.name === cls.getText());
        if (decl) {
          decl.tagName = tag.text;
          decl.customElement = true;
        }
        (moduleDoc.exports ??= []).push({
          kind: 'custom-element-definition',
          name: tag.text,
          declaration: { name: cls.getText(), module: moduleDoc.path },
        });
      },
    },
  ],
};
