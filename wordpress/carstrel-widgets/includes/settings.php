<?php
/**
 * Settings → CarStrel Widgets: the proxy URL (option `carstrel_proxy_url`). The API key stays in the
 * proxy; this plugin never asks for it and never stores it.
 *
 * @package CarStrelWidgets
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The proxy origin (`https://cars.dealer.example`, no trailing slash), or '' when not set yet.
 *
 * @return string
 */
function carstrel_widgets_proxy_url() {
	$url = get_option( 'carstrel_proxy_url', '' );
	return is_string( $url ) ? carstrel_widgets_normalize_origin( $url ) : '';
}

/**
 * Reduces a URL to an origin (scheme, host, port), or '' when it is not an http(s) origin.
 *
 * @param string $url What the editor typed.
 * @return string
 */
function carstrel_widgets_normalize_origin( $url ) {
	$url = trim( $url );
	if ( '' === $url || preg_match( '/[\s<>"\'\\\\]/', $url ) ) {
		return '';
	}
	$parts = wp_parse_url( $url );
	if ( ! is_array( $parts ) || empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
		return '';
	}
	$scheme = strtolower( $parts['scheme'] );
	$path   = isset( $parts['path'] ) ? $parts['path'] : '';
	if ( ! in_array( $scheme, array( 'http', 'https' ), true ) || isset( $parts['user'] ) || isset( $parts['pass'] )
		|| isset( $parts['query'] ) || isset( $parts['fragment'] ) || '' !== trim( $path, '/' ) ) {
		return '';
	}
	$origin = $scheme . '://' . strtolower( $parts['host'] );
	if ( isset( $parts['port'] ) ) {
		$origin .= ':' . (int) $parts['port'];
	}
	return $origin;
}

/**
 * The option's sanitize callback: an origin, or the previous value with an error shown.
 *
 * @param mixed $value Submitted value.
 * @return string
 */
function carstrel_widgets_sanitize_proxy_url( $value ) {
	$value  = is_string( $value ) ? $value : '';
	$origin = carstrel_widgets_normalize_origin( $value );
	if ( '' === trim( $value ) || '' !== $origin ) {
		return $origin;
	}
	add_settings_error(
		'carstrel_proxy_url',
		'carstrel_proxy_url_invalid',
		sprintf(
			/* translators: %s: the URL the editor typed. */
			__( '“%s” is not a proxy URL. Enter its origin only, such as https://cars.dealer.example (http or https, no path).', 'carstrel-widgets' ),
			$value
		)
	);
	$previous = get_option( 'carstrel_proxy_url', '' );
	return is_string( $previous ) ? $previous : '';
}

/** Registers the option (admin_init). */
function carstrel_widgets_register_setting() {
	register_setting(
		'carstrel_widgets',
		'carstrel_proxy_url',
		array(
			'type'              => 'string',
			'default'           => '',
			'show_in_rest'      => false,
			'sanitize_callback' => 'carstrel_widgets_sanitize_proxy_url',
		)
	);
}

/** Adds Settings → CarStrel Widgets (admin_menu). */
function carstrel_widgets_add_settings_page() {
	add_options_page(
		__( 'CarStrel Widgets', 'carstrel-widgets' ),
		__( 'CarStrel Widgets', 'carstrel-widgets' ),
		'manage_options',
		'carstrel-widgets',
		'carstrel_widgets_settings_page'
	);
}

/**
 * A "Settings" link on the Plugins screen.
 *
 * @param string[] $links Existing links.
 * @return string[]
 */
function carstrel_widgets_action_links( $links ) {
	$url = admin_url( 'options-general.php?page=carstrel-widgets' );
	array_unshift( $links, '<a href="' . esc_url( $url ) . '">' . esc_html__( 'Settings', 'carstrel-widgets' ) . '</a>' );
	return $links;
}

/** Renders the settings page. */
function carstrel_widgets_settings_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		return;
	}
	$url = carstrel_widgets_proxy_url();
	?>
	<div class="wrap">
		<h1><?php echo esc_html__( 'CarStrel Widgets', 'carstrel-widgets' ); ?></h1>
		<form method="post" action="options.php">
			<?php settings_fields( 'carstrel_widgets' ); ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><label for="carstrel_proxy_url"><?php echo esc_html__( 'Proxy URL', 'carstrel-widgets' ); ?></label></th>
					<td>
						<input type="url" class="regular-text code" id="carstrel_proxy_url" name="carstrel_proxy_url"
							value="<?php echo esc_attr( $url ); ?>" placeholder="https://cars.dealer.example"
							aria-describedby="carstrel_proxy_url_help" />
						<p class="description" id="carstrel_proxy_url_help">
							<?php echo esc_html__( 'The address of your CarStrel proxy (its origin: scheme, host and port if any, no path). The widgets load from it and this site asks it for their first paint. Your CarStrel API key stays in the proxy: never enter it here.', 'carstrel-widgets' ); ?>
						</p>
					</td>
				</tr>
			</table>
			<?php submit_button(); ?>
		</form>
	</div>
	<?php
}
