<?php
/**
 * The elements this plugin places, read from the block.json files (one source for blocks and shortcodes).
 *
 * @package CarStrelWidgets
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Every element, keyed by its slug (`inventory` for `<carstrel-inventory>`, block `carstrel/inventory`,
 * shortcode `[carstrel_inventory]`).
 *
 * @return array<string, array{dir: string, title: string, attributes: array<string, array{camel: string, type: string}>}>
 *         Attributes keyed by the element's (kebab-case) attribute name.
 */
function carstrel_widgets_elements() {
	static $elements = null;
	if ( null !== $elements ) {
		return $elements;
	}
	$elements = array();
	foreach ( glob( CARSTREL_WIDGETS_DIR . '/blocks/*/block.json' ) as $file ) {
		$meta = json_decode( (string) file_get_contents( $file ), true );
		if ( ! is_array( $meta ) || empty( $meta['name'] ) ) {
			continue;
		}
		$slug       = substr( $meta['name'], strlen( 'carstrel/' ) );
		$attributes = array();
		foreach ( $meta['attributes'] as $camel => $schema ) {
			$kebab                = strtolower( preg_replace( '/([a-z0-9])([A-Z])/', '$1-$2', $camel ) );
			$attributes[ $kebab ] = array(
				'camel' => $camel,
				'type'  => $schema['type'],
			);
		}
		$elements[ $slug ] = array(
			'dir'        => dirname( $file ),
			'title'      => $meta['title'],
			'attributes' => $attributes,
		);
	}
	ksort( $elements );
	return $elements;
}

/**
 * Normalises one attribute value to its type; null drops it (unset, empty, not a number, false).
 *
 * @param string $type  `string`, `number` or `boolean`.
 * @param mixed  $value As given by a block (typed) or a shortcode (a string).
 * @return string|int|float|bool|null
 */
function carstrel_widgets_typed_value( $type, $value ) {
	if ( 'boolean' === $type ) {
		if ( is_bool( $value ) ) {
			return $value ? true : null;
		}
		$text = strtolower( trim( (string) $value ) );
		return in_array( $text, array( 'false', '0', 'no', 'off' ), true ) ? null : true;
	}
	if ( 'number' === $type ) {
		if ( is_int( $value ) || is_float( $value ) ) {
			return $value;
		}
		$text = trim( (string) $value );
		return is_numeric( $text ) ? $text + 0 : null;
	}
	if ( ! is_scalar( $value ) ) {
		return null;
	}
	$text = (string) $value;
	return '' === $text ? null : $text;
}
