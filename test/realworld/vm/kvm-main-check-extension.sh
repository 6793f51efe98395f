# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# kvm.ko's virt/kvm part (built by arch/x86/kvm's Makefile): patched and
# unpatched while kvm is loaded.  Without VMX/SVM under TCG there is no
# /dev/kvm to call KVM_CHECK_EXTENSION on: the check is the redirection
M=kvm_main_check_extension
modprobe kvm || fail "modprobe kvm"
rw_load $M
rw_patched $M kvm kvm_vm_ioctl_check_extension_generic,1
rw_unload $M
rmmod kvm 2>/dev/null
true
