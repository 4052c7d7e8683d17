<?php
/**
 * Plugin Name:       CarStrel Widgets
 * Plugin URI:        https://carstrel.com/
 * Description:       Live car inventory and lead forms from your CarStrel proxy: a shortcode and a block for every widget, with the first paint rendered on the server.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            CarStrel
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       carstrel-widgets
 *
 * @package CarStrelWidgets
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'CARSTREL_WIDGETS_VERSION', '0.1.0' );
define( 'CARSTREL_WIDGETS_DIR', __DIR__ );
define( 'CARSTREL_WIDGETS_FILE', __FILE__ );

require_once __DIR__ . '/includes/elements.php';
require_once __DIR__ . '/includes/settings.php';
require_once __DIR__ . '/includes/render.php';
require_once __DIR__ . '/includes/blocks.php';

add_action( 'init', 'carstrel_widgets_register' );
add_action( 'admin_init', 'carstrel_widgets_register_setting' );
add_action( 'admin_menu', 'carstrel_widgets_add_settings_page' );
add_action( 'enqueue_block_editor_assets', 'carstrel_widgets_editor_assets' );
add_filter( 'the_content', 'carstrel_widgets_release', PHP_INT_MAX );
add_filter( 'script_loader_tag', 'carstrel_widgets_script_tag', 10, 2 );
add_filter( 'plugin_action_links_' . plugin_basename( __FILE__ ), 'carstrel_widgets_action_links' );
