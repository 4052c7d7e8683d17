<?php
/**
 * Renders an element: the proxy's server-rendered HTML (`GET <proxy>/render/carstrel-<slug>?…`,
 * cached in a transient) when it answers, else the plain element, which renders in the browser.
 *
 * @package CarStrelWidgets
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/** Seconds a server-rendered fragment is reused. */
const CARSTREL_WIDGETS_RENDER_TTL = 60;
/** Seconds to wait for the proxy's /render before painting client-side. */
const CARSTREL_WIDGETS_RENDER_TIMEOUT = 2;
/** Seconds a proxy that did not answer is left alone before it is asked again. */
const CARSTREL_WIDGETS_DOWN_TTL = 30;

/**
 * The HTML of one element.
 *
 * @param string                              $slug  Element slug (`inventory`).
 * @param array<string, string|int|float|bool> $attrs Typed values keyed by kebab-case attribute name.
 * @return string
 */
function carstrel_widgets_render( $slug, $attrs ) {
	$proxy = carstrel_widgets_proxy_url();
	if ( '' === $proxy ) {
		return carstrel_widgets_plain_element( $slug, $attrs )
			. '<!-- CarStrel Widgets: set the proxy URL in Settings → CarStrel Widgets. -->';
	}
	carstrel_widgets_enqueue_script( $proxy );
	// The editor's preview (a REST request) shows the element as the bundle renders it: no /render
	// call, so a vehicle previewed in the editor is one impression, not two.
	$html = defined( 'REST_REQUEST' ) && REST_REQUEST ? null : carstrel_widgets_server_rendered( $proxy, $slug, $attrs );
	return carstrel_widgets_hold( null === $html ? carstrel_widgets_plain_element( $slug, $attrs ) : $html );
}

/**
 * Inside `the_content`, later filters (texturize, smilies, shortcodes, image attributes) would rewrite
 * the element's HTML, so it waits behind a comment until carstrel_widgets_release() puts it back last.
 *
 * @param string $html The element's HTML.
 * @return string
 */
function carstrel_widgets_hold( $html ) {
	if ( ! doing_filter( 'the_content' ) ) {
		return $html;
	}
	$held  = &carstrel_widgets_held();
	$token = '<!--carstrel-widgets:' . count( $held ) . ':' . md5( $html ) . '-->';
	$held[ $token ] = $html;
	return $token;
}

/**
 * The held HTML (by reference).
 *
 * @return array<string, string>
 */
function &carstrel_widgets_held() {
	static $held = array();
	return $held;
}

/**
 * Puts the held elements back (the_content, last).
 *
 * @param string $content The filtered content.
 * @return string
 */
function carstrel_widgets_release( $content ) {
	$held = carstrel_widgets_held();
	return $held && is_string( $content ) ? strtr( $content, $held ) : $content;
}

/**
 * `<carstrel-<slug> a="…"></carstrel-<slug>>`, every value escaped.
 *
 * @param string                              $slug  Element slug.
 * @param array<string, string|int|float|bool> $attrs Typed values.
 * @return string
 */
function carstrel_widgets_plain_element( $slug, $attrs ) {
	$tag  = 'carstrel-' . $slug;
	$html = '<' . $tag;
	foreach ( $attrs as $name => $value ) {
		$html .= ' ' . $name;
		if ( true !== $value ) {
			$html .= '="' . esc_attr( (string) $value ) . '"';
		}
	}
	return $html . '></' . $tag . '>';
}

/**
 * The script tag `<proxy>/carstrel.js`: one handle, so WordPress prints it once however many widgets.
 *
 * @param string $proxy Proxy origin.
 */
function carstrel_widgets_enqueue_script( $proxy ) {
	if ( ! wp_script_is( 'carstrel-widgets', 'registered' ) ) {
		wp_register_script( 'carstrel-widgets', $proxy . '/carstrel.js', array(), null, true ); // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion -- the proxy versions its bundle.
	}
	wp_enqueue_script( 'carstrel-widgets' );
}

/**
 * Adds `async` to the bundle's script tag (it works as a classic and as a module script).
 *
 * @param string $tag    The script tag.
 * @param string $handle Its handle.
 * @return string
 */
function carstrel_widgets_script_tag( $tag, $handle ) {
	if ( 'carstrel-widgets' !== $handle || false !== strpos( $tag, ' async' ) ) {
		return $tag;
	}
	return str_replace( '<script ', '<script async ', $tag );
}

/**
 * The proxy's server-rendered fragment, or null (proxy unreachable, slow, not 200, not the element).
 * `carstrel-vehicle` is never cached: each view is one upstream detail call (an impression).
 *
 * @param string                              $proxy Proxy origin.
 * @param string                              $slug  Element slug.
 * @param array<string, string|int|float|bool> $attrs Typed values.
 * @return string|null
 */
function carstrel_widgets_server_rendered( $proxy, $slug, $attrs ) {
	static $down = array();
	$is_vehicle = 'vehicle' === $slug;
	if ( $is_vehicle && empty( $attrs['vehicle-id'] ) && empty( $attrs['slug'] ) ) {
		return null; // The vehicle comes from the page URL: the element reads it in the browser.
	}
	if ( carstrel_widgets_follows_page_url( $slug, $attrs ) ) {
		return null; // The shopper's filters, page or post are in the page URL: the element reads them.
	}
	$down_key = 'carstrel_down_' . md5( $proxy );
	if ( isset( $down[ $proxy ] ) || get_transient( $down_key ) ) {
		return null;
	}
	$query = array();
	foreach ( $attrs as $name => $value ) {
		$query[ $name ] = true === $value ? '' : (string) $value;
	}
	$url = $proxy . '/render/carstrel-' . $slug . ( $query ? '?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 ) : '' );
	$key = 'carstrel_render_' . md5( $url );
	if ( ! $is_vehicle ) {
		$cached = get_transient( $key );
		if ( is_string( $cached ) && '' !== $cached ) {
			return $cached;
		}
	}
	$response = wp_remote_get(
		$url,
		array(
			'timeout'     => CARSTREL_WIDGETS_RENDER_TIMEOUT,
			'redirection' => 0,
			'headers'     => array( 'Accept' => 'text/html' ),
		)
	);
	if ( is_wp_error( $response ) ) {
		$down[ $proxy ] = true;
		set_transient( $down_key, 1, CARSTREL_WIDGETS_DOWN_TTL );
		return null;
	}
	$body = trim( (string) wp_remote_retrieve_body( $response ) );
	$type = (string) wp_remote_retrieve_header( $response, 'content-type' );
	if ( 200 !== (int) wp_remote_retrieve_response_code( $response ) || 0 !== stripos( $type, 'text/html' )
		|| ! preg_match( '/^<carstrel-' . preg_quote( $slug, '/' ) . '[\s>]/', $body ) ) {
		return null;
	}
	if ( ! $is_vehicle ) {
		set_transient( $key, $body, CARSTREL_WIDGETS_RENDER_TTL );
	}
	return $body;
}

/**
 * Whether the page URL carries state this element reads in the browser (an inventory's filters and
 * page, the blog post to open), so that a server-rendered default would show something else.
 *
 * @param string                              $slug  Element slug.
 * @param array<string, string|int|float|bool> $attrs Typed values.
 * @return bool
 */
function carstrel_widgets_follows_page_url( $slug, $attrs ) {
	if ( 'inventory' === $slug ) {
		$prefix = isset( $attrs['url-key'] ) ? $attrs['url-key'] . '.' : '';
		$names  = array( 'brand', 'model', 'body-type', 'min-year', 'max-year', 'min-price', 'max-price', 'listing-type', 'sort', 'order', 'page' );
	} elseif ( 'blog' === $slug ) {
		$prefix = '';
		$names  = array( isset( $attrs['url-param'] ) ? (string) $attrs['url-param'] : 'post' );
	} else {
		return false;
	}
	$names = array_map(
		function ( $name ) use ( $prefix ) {
			return $prefix . $name;
		},
		$names
	);
	// The raw query string: PHP's $_GET turns the `.` of `<url-key>.brand` into `_`.
	$query = isset( $_SERVER['QUERY_STRING'] ) ? (string) $_SERVER['QUERY_STRING'] : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput -- only compared with names.
	foreach ( explode( '&', $query ) as $pair ) {
		$parts = explode( '=', $pair, 2 );
		if ( isset( $parts[1] ) && '' !== $parts[1] && in_array( rawurldecode( $parts[0] ), $names, true ) ) {
			return true;
		}
	}
	return false;
}
