// SPDX-License-Identifier: GPL-2.0
/*
 * A test module for the VM suite, never shipped: it registers the generic
 * netlink family "kmemstat_test" when loaded and unregisters it when
 * removed, nothing else. Registration takes genetlink's cb_lock for
 * writing, as loading any family's module does; its alias lets the
 * kernel's request_module() load it when any user asks nlctrl for that
 * family (GETFAMILY of a family that is not registered), as it would load
 * wireguard or team. shmem_freeze uses it to make a writer wait on cb_lock.
 */
#include <linux/module.h>
#include <net/genetlink.h>

static struct genl_family km_test_family = {
	.name = "kmemstat_test",
	.version = 1,
	.maxattr = 0,
	.netnsok = true,
	.module = THIS_MODULE,
};

static int __init km_test_init(void)
{
	return genl_register_family(&km_test_family);
}

static void __exit km_test_exit(void)
{
	genl_unregister_family(&km_test_family);
}

module_init(km_test_init);
module_exit(km_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmemstat VM suite: an empty generic netlink family");
MODULE_ALIAS_GENL_FAMILY("kmemstat_test");
