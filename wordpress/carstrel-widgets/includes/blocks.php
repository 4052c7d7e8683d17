<?php
/**
 * A dynamic block (`carstrel/<slug>`) and a shortcode (`[carstrel_<slug>]`) for every element, both
 * rendered by carstrel_widgets_render().
 *
 * @package CarStrelWidgets
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/** Registers the editor script, the blocks and the shortcodes (init). */
function carstrel_widgets_register() {
	wp_register_script(
		'carstrel-widgets-editor',
		plugins_url( 'assets/editor.js', CARSTREL_WIDGETS_FILE ),
		array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-server-side-render', 'wp-i18n' ),
		CARSTREL_WIDGETS_VERSION,
		true
	);
	foreach ( carstrel_widgets_elements() as $slug => $element ) {
		register_block_type(
			$element['dir'],
			array(
				'render_callback' => function ( $attributes ) use ( $slug ) {
					return carstrel_widgets_render_block( $slug, is_array( $attributes ) ? $attributes : array() );
				},
			)
		);
		add_shortcode(
			'carstrel_' . str_replace( '-', '_', $slug ),
			function ( $atts ) use ( $slug ) {
				return carstrel_widgets_render_shortcode( $slug, is_array( $atts ) ? $atts : array() );
			}
		);
	}
}

/**
 * A block's attributes (camelCase, typed) → the element.
 *
 * @param string               $slug       Element slug.
 * @param array<string, mixed> $attributes Block attributes.
 * @return string
 */
function carstrel_widgets_render_block( $slug, $attributes ) {
	$elements = carstrel_widgets_elements();
	$attrs    = array();
	foreach ( $elements[ $slug ]['attributes'] as $name => $spec ) {
		if ( array_key_exists( $spec['camel'], $attributes ) ) {
			$value = carstrel_widgets_typed_value( $spec['type'], $attributes[ $spec['camel'] ] );
			if ( null !== $value ) {
				$attrs[ $name ] = $value;
			}
		}
	}
	return carstrel_widgets_render( $slug, $attrs );
}

/**
 * A shortcode's attributes (`page_size="6"`, or a bare `summary` for a boolean) → the element.
 * Unknown attributes are ignored.
 *
 * @param string               $slug Element slug.
 * @param array<string, mixed> $atts Shortcode attributes (WordPress lowercases their names).
 * @return string
 */
function carstrel_widgets_render_shortcode( $slug, $atts ) {
	$elements = carstrel_widgets_elements();
	$known    = $elements[ $slug ]['attributes'];
	$given    = array();
	foreach ( $atts as $key => $value ) {
		if ( is_int( $key ) ) {
			$given[ str_replace( '_', '-', strtolower( (string) $value ) ) ] = true;
		} else {
			$given[ str_replace( '_', '-', strtolower( $key ) ) ] = $value;
		}
	}
	$attrs = array();
	foreach ( $known as $name => $spec ) {
		if ( ! array_key_exists( $name, $given ) || ( true === $given[ $name ] && 'boolean' !== $spec['type'] ) ) {
			continue;
		}
		$value = carstrel_widgets_typed_value( $spec['type'], $given[ $name ] );
		if ( null !== $value ) {
			$attrs[ $name ] = $value;
		}
	}
	return carstrel_widgets_render( $slug, $attrs );
}

/** The block editor: the blocks' controls, and the bundle so previews show the real elements. */
function carstrel_widgets_editor_assets() {
	$blocks = array();
	foreach ( carstrel_widgets_elements() as $slug => $element ) {
		$attributes = array();
		foreach ( $element['attributes'] as $name => $spec ) {
			$attributes[] = array(
				'name'  => $spec['camel'],
				'label' => $name,
				'type'  => $spec['type'],
			);
		}
		$blocks[] = array(
			'name'       => 'carstrel/' . $slug,
			'title'      => $element['title'],
			'attributes' => $attributes,
		);
	}
	$config = array(
		'blocks'   => $blocks,
		'proxyUrl' => carstrel_widgets_proxy_url(),
		'settings' => admin_url( 'options-general.php?page=carstrel-widgets' ),
	);
	wp_add_inline_script( 'carstrel-widgets-editor', 'window.carstrelWidgets = ' . wp_json_encode( $config ) . ';', 'before' );
	if ( '' !== $config['proxyUrl'] ) {
		carstrel_widgets_enqueue_script( $config['proxyUrl'] );
	}
}
