"""The one model behind the screens' short lists passes Qt's model checks."""

from salon_pos.ui.rows_model import RowsModel


def test_rows_model_is_a_well_behaved_qt_model(qtmodeltester):
    model = RowsModel(("Item", "Amount"), right_aligned=(1,))
    model.set_rows([("Blow-dry", "€30.00"), ("Repair shampoo", "€18.00")])

    qtmodeltester.check(model)
    assert model.index(1, 0).data() == "Repair shampoo"
    assert model.headerData(1, model_orientation()) == "Amount"


def model_orientation():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
