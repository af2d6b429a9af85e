/* deskphone plugin SDK: include this one header. */
#pragma once

#include <deskphone/bus.h>
#include <deskphone/codec.h>
#include <deskphone/config.h>
#include <deskphone/hal.h>
#include <deskphone/plugin.h>
#include <deskphone/registry.h>
#include <deskphone/ring.h>
#include <deskphone/signalling.h>
