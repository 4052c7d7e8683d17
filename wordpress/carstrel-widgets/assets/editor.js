/**
 * CarStrel Widgets — block editor controls. Plain JavaScript on WordPress's own globals (no build
 * step): one block per element, each attribute a control in the sidebar, and a live preview
 * rendered by the same PHP as the page (ServerSideRender); the proxy's bundle, loaded in the editor,
 * turns it into the real element.
 */
(({ wp, carstrelWidgets: config }) => {
  if (!wp || !config) return;
  const el = wp.element.createElement;
  const { __ } = wp.i18n;
  const { InspectorControls, useBlockProps } = wp.blockEditor;
  const { PanelBody, TextControl, ToggleControl, Notice } = wp.components;
  const ServerSideRender = wp.serverSideRender;

  const control = (attribute, { attributes, setAttributes }) => {
    const value = attributes[attribute.name];
    const set = (next) => setAttributes({ [attribute.name]: next });
    if (attribute.type === 'boolean') {
      return el(ToggleControl, { key: attribute.name, label: attribute.label, checked: !!value, onChange: set });
    }
    return el(TextControl, {
      key: attribute.name,
      label: attribute.label,
      type: attribute.type === 'number' ? 'number' : 'text',
      value: value === undefined || value === null ? '' : String(value),
      onChange: (text) => {
        if (text === '') return set(undefined);
        if (attribute.type !== 'number') return set(text);
        const number = Number(text);
        return set(Number.isFinite(number) ? number : undefined);
      },
    });
  };

  for (const block of config.blocks) {
    wp.blocks.registerBlockType(block.name, {
      edit: (props) => {
        const preview = config.proxyUrl
          ? el(ServerSideRender, { block: block.name, attributes: props.attributes })
          : el(
              Notice,
              { status: 'warning', isDismissible: false },
              __('Set the proxy URL in Settings → CarStrel Widgets to preview this widget.', 'carstrel-widgets'),
            );
        const controls = block.attributes.map((attribute) => control(attribute, props));
        return el(
          'div',
          useBlockProps(),
          el(InspectorControls, null, el(PanelBody, { title: __('Widget attributes', 'carstrel-widgets') }, controls)),
          preview,
        );
      },
      save: () => null,
    });
  }
})(globalThis);
