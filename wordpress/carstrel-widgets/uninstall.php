<?php
/**
 * Uninstall: removes the plugin's option.
 *
 * @package CarStrelWidgets
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

delete_option( 'carstrel_proxy_url' );
