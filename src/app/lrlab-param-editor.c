/* lrlab-param-editor.c: editors generated from the core's parameter metadata
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lrlab-number.h"
#include "lrlab-param-editor.h"
#include "lrlab-wheel-guard.h"

struct _LrlabParamEditor
{
  GtkWidget          parent_instance;

  GtkWidget         *grid;
  const LrKindInfo  *kind;
  char              *what;
  GPtrArray         *skip;      /* keys not shown (edited elsewhere) */
  GPtrArray         *texts;     /* current text per parameter, NULL = default */
  GPtrArray         *widgets;   /* editor per parameter (NULL if skipped) */
  gboolean           updating;
};

G_DEFINE_FINAL_TYPE (LrlabParamEditor, lrlab_param_editor, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static gboolean
is_skipped (LrlabParamEditor *self,
            const char       *key)
{
  for (guint i = 0; i < self->skip->len; i++)
    if (g_str_equal (g_ptr_array_index (self->skip, i), key))
      return TRUE;
  return FALSE;
}

char *
lrlab_param_editor_get_spec (LrlabParamEditor *self)
{
  GString *s;
  gboolean first = TRUE;

  g_return_val_if_fail (LRLAB_IS_PARAM_EDITOR (self), NULL);

  if (self->kind == NULL)
    return g_strdup ("");

  s = g_string_new (self->kind->name);
  for (guint i = 0; i < self->kind->n_params; i++)
    {
      const char *text = g_ptr_array_index (self->texts, i);

      if (text == NULL || *text == '\0')
        continue;
      g_string_append_printf (s, "%s%s=%s", first ? ":" : ",", self->kind->params[i].key, text);
      first = FALSE;
    }

  return g_string_free (s, FALSE);
}

static void
emit_changed (LrlabParamEditor *self)
{
  if (!self->updating)
    g_signal_emit (self, signals [CHANGED], 0);
}

static void
set_text (LrlabParamEditor *self,
          guint             idx,
          const char       *text)
{
  g_autofree char *def = lr_param_format_default (&self->kind->params[idx]);

  /* Defaults are left out of the spec, keeping it short. */
  if (text != NULL && g_strcmp0 (text, def) == 0)
    text = NULL;
  if (g_strcmp0 (g_ptr_array_index (self->texts, idx), text) == 0)
    return;
  g_free (g_ptr_array_index (self->texts, idx));
  g_ptr_array_index (self->texts, idx) = g_strdup (text);
  emit_changed (self);
}

/* The parameter that @widget edits. */
static guint
param_index (LrlabParamEditor *self,
             gpointer          widget)
{
  guint idx = 0;

  if (!g_ptr_array_find (self->widgets, widget, &idx))
    g_return_val_if_reached (0);
  return idx;
}

static void
on_entry_commit (GtkEditable      *entry,
                 LrlabParamEditor *self)
{
  guint idx = param_index (self, entry);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  double v;

  /* "0,9" as a person types it goes into the spec as "0.9". */
  if (self->kind->params[idx].type == LR_PARAM_FLOAT && lrlab_number_parse (text, &v))
    {
      g_free (text);
      text = lr_format_double (v);
      gtk_editable_set_text (entry, text);
    }
  set_text (self, idx, *text ? text : NULL);
}

static void
on_entry_focus_leave (GtkEventControllerFocus *focus,
                      LrlabParamEditor        *self)
{
  on_entry_commit (GTK_EDITABLE (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus))), self);
}

static void
on_switch_active (GtkSwitch        *sw,
                  GParamSpec       *pspec,
                  LrlabParamEditor *self)
{
  guint idx = param_index (self, sw);

  set_text (self, idx, gtk_switch_get_active (sw) ? "true" : "false");
}

static void
on_dropdown_selected (GtkDropDown      *dd,
                      GParamSpec       *pspec,
                      LrlabParamEditor *self)
{
  guint idx = param_index (self, dd);
  GtkStringObject *item = gtk_drop_down_get_selected_item (dd);

  if (item != NULL)
    set_text (self, idx, gtk_string_object_get_string (item));
}

static void
on_spin_value (GtkSpinButton    *spin,
               LrlabParamEditor *self)
{
  guint idx = param_index (self, spin);
  g_autofree char *text = g_strdup_printf ("%.0f", gtk_spin_button_get_value (spin));

  set_text (self, idx, text);
}

static GtkWidget *
make_editor (LrlabParamEditor  *self,
             guint              idx,
             const LrParamInfo *info)
{
  GtkWidget *w;
  g_autofree char *def = lr_param_format_default (info);

  switch (info->type)
    {
    case LR_PARAM_BOOL:
      w = gtk_switch_new ();
      gtk_widget_set_halign (w, GTK_ALIGN_START);
      gtk_widget_set_valign (w, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (w), info->def != 0);
      g_signal_connect (w, "notify::active", G_CALLBACK (on_switch_active), self);
      break;

    case LR_PARAM_CHOICE:
      {
        g_auto(GStrv) choices = g_strsplit (info->choices ? info->choices : "", "|", -1);

        w = gtk_drop_down_new_from_strings ((const char * const *) choices);
        gtk_drop_down_set_selected (GTK_DROP_DOWN (w), (guint) info->def);
        g_signal_connect (w, "notify::selected-item", G_CALLBACK (on_dropdown_selected), self);
      }
      break;

    case LR_PARAM_INT:
      if (!(info->flags & LR_PARAM_FLAG_AUTO) && info->max - info->min <= 1e7)
        {
          w = gtk_spin_button_new_with_range (info->min, info->max, 1);
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (w), info->def);
          gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (w), TRUE);
          g_signal_connect (w, "value-changed", G_CALLBACK (on_spin_value), self);
          break;
        }
      G_GNUC_FALLTHROUGH;

    case LR_PARAM_FLOAT:
    case LR_PARAM_LIST:
    default:
      {
        GtkEventController *focus = gtk_event_controller_focus_new ();

        w = gtk_entry_new ();
        gtk_editable_set_width_chars (GTK_EDITABLE (w), 8);
        gtk_entry_set_placeholder_text (GTK_ENTRY (w), def);
        gtk_editable_set_text (GTK_EDITABLE (w), def);
        g_signal_connect (w, "activate", G_CALLBACK (on_entry_commit), self);
        g_signal_connect (focus, "leave", G_CALLBACK (on_entry_focus_leave), self);
        gtk_widget_add_controller (w, focus);
      }
      break;
    }

  gtk_widget_set_hexpand (w, TRUE);
  gtk_widget_set_tooltip_text (w, info->blurb);
  gtk_accessible_update_property (GTK_ACCESSIBLE (w),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, info->key,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, info->blurb ? info->blurb : "",
                                  -1);
  return w;
}

static void
show_value (LrlabParamEditor *self,
            guint             idx)
{
  const LrParamInfo *info = &self->kind->params[idx];
  GtkWidget *w = g_ptr_array_index (self->widgets, idx);
  const char *text = g_ptr_array_index (self->texts, idx);
  g_autofree char *def = lr_param_format_default (info);

  if (w == NULL)
    return;
  if (text == NULL)
    text = def;

  if (GTK_IS_SWITCH (w))
    gtk_switch_set_active (GTK_SWITCH (w), g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1"));
  else if (GTK_IS_DROP_DOWN (w))
    {
      g_auto(GStrv) choices = g_strsplit (info->choices ? info->choices : "", "|", -1);

      for (guint i = 0; choices[i] != NULL; i++)
        if (g_ascii_strcasecmp (choices[i], text) == 0)
          gtk_drop_down_set_selected (GTK_DROP_DOWN (w), i);
    }
  else if (GTK_IS_SPIN_BUTTON (w))
    {
      double v;

      if (lr_parse_double (text, &v))
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (w), v);
    }
  else if (GTK_IS_EDITABLE (w))
    {
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (w)), text) != 0)
        gtk_editable_set_text (GTK_EDITABLE (w), text);
    }
}

static void
rebuild (LrlabParamEditor *self)
{
  GtkWidget *child;
  guint row = 0;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);

  g_ptr_array_set_size (self->texts, 0);
  g_ptr_array_set_size (self->widgets, 0);

  if (self->kind == NULL)
    return;

  for (guint i = 0; i < self->kind->n_params; i++)
    {
      const LrParamInfo *info = &self->kind->params[i];
      GtkWidget *label, *editor;

      g_ptr_array_add (self->texts, NULL);
      if (is_skipped (self, info->key))
        {
          g_ptr_array_add (self->widgets, NULL);
          continue;
        }

      label = gtk_label_new (info->key);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_tooltip_text (label, info->blurb);
      editor = make_editor (self, i, info);
      gtk_grid_attach (GTK_GRID (self->grid), label, 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), editor, 1, row, 1, 1);
      lrlab_wheel_guard (editor);
      g_ptr_array_add (self->widgets, editor);
      row++;
    }
}

void
lrlab_param_editor_set_spec (LrlabParamEditor *self,
                             const LrKindInfo *kind,
                             const char       *spec_text)
{
  g_autoptr(LrSpec) spec = NULL;

  g_return_if_fail (LRLAB_IS_PARAM_EDITOR (self));

  self->updating = TRUE;

  if (kind != self->kind)
    {
      self->kind = kind;
      rebuild (self);
    }

  if (kind != NULL)
    {
      for (guint i = 0; i < kind->n_params; i++)
        g_clear_pointer (&g_ptr_array_index (self->texts, i), g_free);

      spec = lr_spec_parse (spec_text, NULL);
      if (spec != NULL)
        for (guint j = 0; j < spec->n_items; j++)
          for (guint i = 0; i < kind->n_params; i++)
            if (g_str_equal (kind->params[i].key, spec->items[j].key))
              g_ptr_array_index (self->texts, i) = g_strdup (spec->items[j].value);

      for (guint i = 0; i < kind->n_params; i++)
        show_value (self, i);
    }

  gtk_widget_set_visible (GTK_WIDGET (self), lrlab_param_editor_get_n_visible (self) > 0);
  self->updating = FALSE;
}

guint
lrlab_param_editor_get_n_visible (LrlabParamEditor *self)
{
  guint n = 0;

  for (guint i = 0; i < self->widgets->len; i++)
    if (g_ptr_array_index (self->widgets, i) != NULL)
      n++;
  return n;
}

void
lrlab_param_editor_set_skip (LrlabParamEditor  *self,
                             const char *const *keys)
{
  g_return_if_fail (LRLAB_IS_PARAM_EDITOR (self));

  g_ptr_array_set_size (self->skip, 0);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    g_ptr_array_add (self->skip, g_strdup (keys[i]));
  if (self->kind != NULL)
    {
      const LrKindInfo *kind = self->kind;
      g_autofree char *spec = lrlab_param_editor_get_spec (self);

      self->kind = NULL;
      lrlab_param_editor_set_spec (self, kind, spec);
    }
}

static void
lrlab_param_editor_dispose (GObject *object)
{
  LrlabParamEditor *self = LRLAB_PARAM_EDITOR (object);

  g_clear_pointer (&self->grid, gtk_widget_unparent);
  g_clear_pointer (&self->texts, g_ptr_array_unref);
  g_clear_pointer (&self->widgets, g_ptr_array_unref);
  g_clear_pointer (&self->skip, g_ptr_array_unref);

  G_OBJECT_CLASS (lrlab_param_editor_parent_class)->dispose (object);
}

static void
lrlab_param_editor_class_init (LrlabParamEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_param_editor_dispose;

  signals [CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "parameditor");
}

static void
lrlab_param_editor_init (LrlabParamEditor *self)
{
  self->texts = g_ptr_array_new_with_free_func (g_free);
  self->widgets = g_ptr_array_new ();
  self->skip = g_ptr_array_new_with_free_func (g_free);
  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
}

GtkWidget *
lrlab_param_editor_new (void)
{
  return g_object_new (LRLAB_TYPE_PARAM_EDITOR, NULL);
}
